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

/**
 * The job types {@code POST /api/jobs} accepts: every type of {@link JobHandlers#shop()}, and the diagnostic ones
 * when {@code worker.jobs.diagnostic-types} is on; and the check of a submission against its handler's required
 * payload fields.
 */
@ApplicationScoped
public class JobTypes {

    private final Map<String, JobHandler> accepted;

    JobTypes(WorkerConfig config) {
        List<JobHandler> handlers = config.jobs().diagnosticTypes() ? JobHandlers.all() : JobHandlers.shop();
        this.accepted = handlers.stream().collect(Collectors.toMap(JobHandler::type, Function.identity()));
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
