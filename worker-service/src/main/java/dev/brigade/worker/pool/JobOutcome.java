package dev.brigade.worker.pool;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a job ended: {@code SUCCEEDED} with the handler's {@code result}, or {@code FAILED} with the {@code error}
 * (the handler's message, or why the last attempt did not finish: timeout, child death).
 */
public record JobOutcome(String jobId, Status status, JsonNode result, String error, int attempts) {

    public enum Status {
        SUCCEEDED, FAILED
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
