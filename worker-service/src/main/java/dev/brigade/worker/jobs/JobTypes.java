package dev.brigade.worker.jobs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.common.problem.Problem;
import dev.brigade.common.problem.ProblemException;
import dev.brigade.worker.child.JobHandler;
import dev.brigade.worker.child.JobHandlers;
import dev.brigade.worker.config.WorkerConfig;
import dev.brigade.worker.pool.WorkerPool;

/**
 * The job types {@code POST /api/jobs} accepts, and the check of a submission against its type's required payload
 * fields. A type is accepted when a handler for it is on the service's class path ({@link JobHandlers}: the shop's)
 * or a child offered it in its handshake (a child's class path may hold more: the tests give the packaged service's
 * children the diagnostic handlers). Diagnostic types only with {@code worker.jobs.diagnostic-types}.
 */
@ApplicationScoped
public class JobTypes {

    private final boolean diagnostics;
    private final WorkerPool pool;
    private final Map<String, Accepted> onClassPath = new TreeMap<>();

    /** What a submission of one type must have, and how large it may be. */
    private record Accepted(List<String> requiredFields, int maxPayloadBytes, Map<String, Integer> maxItems) {
    }

    JobTypes(WorkerConfig config, WorkerPool pool) {
        this.diagnostics = config.jobs().diagnosticTypes();
        this.pool = pool;
        for (JobHandler handler : JobHandlers.all()) {
            if (diagnostics || !handler.diagnostic()) {
                onClassPath.put(handler.type(),
                        new Accepted(handler.requiredFields(), handler.maxPayloadBytes(), handler.maxItems()));
            }
        }
    }

    /**
     * Throws a 400 problem naming every field that is wrong (an unknown type, a missing payload field, an array
     * over its type's limit), or a 413
     * when the payload ({@code payloadJson}, as it will be stored) is over its type's limit.
     */
    public void check(String type, JsonNode payload, String payloadJson) {
        Map<String, Accepted> accepted = accepted();
        Accepted rules = accepted.get(type);
        if (rules == null) {
            throw ProblemException.invalidField("type", "unknown job type '" + type + "'; accepted: "
                    + String.join(", ", accepted.keySet()));
        }
        if (!payload.isObject()) {
            throw ProblemException.invalidField("payload", "must be a JSON object");
        }
        List<Problem.FieldError> missing = new ArrayList<>();
        int bytes = payloadJson.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > rules.maxPayloadBytes()) {
            throw new ProblemException(413, "payload-too-large", "Payload too large", "A " + type + " job's payload"
                    + " may have " + rules.maxPayloadBytes() + " bytes of JSON at most; this one has " + bytes);
        }
        for (String pointer : rules.requiredFields()) {
            JsonNode value = payload.at(pointer);
            if (value.isMissingNode() || value.isNull()) {
                missing.add(new Problem.FieldError("payload" + pointer.replace('/', '.'), "is required"));
            }
        }
        rules.maxItems().forEach((pointer, max) -> {
            JsonNode array = payload.at(pointer);
            if (array.isArray() && array.size() > max) {
                missing.add(new Problem.FieldError("payload" + pointer.replace('/', '.'),
                        "has " + array.size() + " items; at most " + max));
            }
        });
        if (!missing.isEmpty()) {
            throw ProblemException.invalidFields(missing);
        }
    }

    private Map<String, Accepted> accepted() {
        Map<String, Accepted> accepted = new TreeMap<>(onClassPath);
        pool.jobTypes().values().stream().filter(offered -> diagnostics || !offered.diagnostic())
                .forEach(offered -> accepted.putIfAbsent(offered.type(),
                        new Accepted(offered.requiredFields(), offered.maxPayloadBytes(), Map.of())));
        return accepted;
    }
}
