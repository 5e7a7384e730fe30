package dev.brigade.worker.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.common.problem.Problem;
import dev.brigade.common.problem.ProblemException;
import dev.brigade.worker.child.JobHandler;
import dev.brigade.worker.child.JobHandlers;
import dev.brigade.worker.config.WorkerConfig;
import io.quarkus.runtime.Startup;

/**
 * The job types this service accepts ({@code worker.jobs.types}, each one a handler registered in
 * {@link JobHandlers}) and the check of a submission against its handler's required payload fields.
 */
@Startup // a worker.jobs.types naming no handler stops the service at boot, not at the first submission
@ApplicationScoped
public class JobTypes {

    private final Map<String, JobHandler> accepted;

    JobTypes(WorkerConfig config) {
        Map<String, JobHandler> registered = JobHandlers.all().stream()
                .collect(Collectors.toMap(JobHandler::type, Function.identity()));
        List<String> unknown = config.jobs().types().stream().filter(type -> !registered.containsKey(type)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("worker.jobs.types names types no handler is registered for: " + unknown
                    + "; registered: " + registered.keySet());
        }
        this.accepted = config.jobs().types().stream().collect(Collectors.toMap(Function.identity(), registered::get));
    }

    /** Throws a 400 problem naming every field that is wrong: an unknown type, a missing payload field. */
    public void check(String type, JsonNode payload) {
        JobHandler handler = accepted.get(type);
        if (handler == null) {
            throw ProblemException.invalidField("type", "unknown job type '" + type + "'; accepted: "
                    + String.join(", ", accepted.keySet().stream().sorted().toList()));
        }
        if (!payload.isObject()) {
            throw ProblemException.invalidField("payload", "must be a JSON object");
        }
        List<Problem.FieldError> missing = new ArrayList<>();
        for (String pointer : handler.requiredFields()) {
            JsonNode value = payload.at(pointer);
            if (value.isMissingNode() || value.isNull()) {
                missing.add(new Problem.FieldError("payload" + pointer.replace('/', '.'), "is required"));
            }
        }
        if (!missing.isEmpty()) {
            throw ProblemException.invalidFields(missing);
        }
    }
}
