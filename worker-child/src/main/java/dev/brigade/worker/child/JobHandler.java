package dev.brigade.worker.child;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One type of job a child can run. Implementations live in {@code dev.brigade.worker.child.handlers} and are
 * registered with one line in {@code META-INF/services/dev.brigade.worker.child.JobHandler} (see {@link JobHandlers}).
 * A handler runs inside the child JVM (no Quarkus there), one job at a time; it returns a {@link JobOutput} (a file
 * as an {@link Artifact}, or a JSON value), or throws: the exception's message becomes the job's failure reason, and
 * the child lives on. worker-service stores the output and serves it at {@code /api/jobs/{id}/result}.
 */
public interface JobHandler {

    /** The job type this handler runs, e.g. {@code invoice}. */
    String type();

    /**
     * Payload fields a job of this type cannot do without, as JSON pointers ({@code /customer/email}). worker-service
     * refuses a submitted job that lacks one with a 400 naming it; the values themselves are the handler's to check.
     */
    default List<String> requiredFields() {
        return List.of();
    }

    /**
     * The largest payload of this type worker-service takes, in bytes of its JSON: a larger one is refused with a
     * 413 at submission, before it is stored or reaches a child.
     */
    default int maxPayloadBytes() {
        return DEFAULT_MAX_PAYLOAD_BYTES;
    }

    int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

    /**
     * The most elements each payload array may hold, by its JSON pointer ({@code /lines}): worker-service refuses a
     * submission with more with a 400 naming the field and the limit, before it is stored or reaches a child.
     */
    default Map<String, Integer> maxItems() {
        return Map.of();
    }

    /**
     * True for a type that exists for tests and benchmarks (it sleeps, crashes, hangs...): {@code POST /api/jobs}
     * accepts it only with {@code worker.jobs.diagnostic-types=true}.
     */
    default boolean diagnostic() {
        return false;
    }

    JobOutput handle(JsonNode payload, ProgressReporter progress) throws Exception;

    /**
     * What the child calls: runs the job and records its steps as spans in {@code trace} ({@link JobTrace#OFF} when
     * the parent traces nothing). By default the job runs unrecorded; a handler whose steps are worth seeing in a
     * trace overrides this one.
     */
    default JobOutput handle(JsonNode payload, ProgressReporter progress, JobTrace trace) throws Exception {
        return handle(payload, progress);
    }
}
