package dev.brigade.worker.child;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One type of job a child can run. Implementations live in {@code dev.brigade.worker.child.handlers} and are
 * registered with one line in {@link JobHandlers}. A handler runs inside the child JVM (no Quarkus there), one job
 * at a time; it returns a result Jackson can write as JSON (a record, a map, a {@code byte[]} becomes base64), or
 * throws: the exception's message becomes the job's failure reason, and the child lives on.
 */
public interface JobHandler {

    /** The job type this handler runs, e.g. {@code invoice}. */
    String type();

    Object handle(JsonNode payload, ProgressReporter progress) throws Exception;
}
