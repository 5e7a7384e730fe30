package dev.brigade.worker.pool;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a job ended: {@code SUCCEEDED} with the handler's {@code result} (an artifact's {@code fileName},
 * {@code mediaType} and base64 {@code content} when {@code artifact}, else its JSON value), or {@code FAILED} with the
 * {@code error} (the handler's message, or why the last attempt did not finish: timeout, child death).
 */
public record JobOutcome(String jobId, Status status, JsonNode result, boolean artifact, String error, int attempts) {

    public enum Status {
        SUCCEEDED, FAILED
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
