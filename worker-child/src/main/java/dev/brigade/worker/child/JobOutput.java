package dev.brigade.worker.child;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a job made: a file ({@link Artifact}, e.g. an invoice PDF) or a JSON value ({@link Data}). worker-service
 * keeps either and serves it at {@code /api/jobs/{id}/result}: a file as it is, a value as {@code result.json}.
 */
public sealed interface JobOutput permits Artifact, JobOutput.Data {

    /** A JSON value as the job's result. */
    record Data(JsonNode value) implements JobOutput {
    }
}
