package dev.brigade.worker.pool;

import com.fasterxml.jackson.databind.JsonNode;

import io.opentelemetry.api.trace.SpanContext;

/**
 * One job for a child: {@code type} names a registered {@code JobHandler}; {@code id} is the caller's. With a sampled
 * {@code trace} (the caller's span the job runs in) each attempt is a span under it, and the child's own spans
 * under that; without one (null) the job is not traced, in the pool or in the child.
 */
public record JobRequest(String id, String type, JsonNode payload, SpanContext trace) {

    public JobRequest(String id, String type, JsonNode payload) {
        this(id, type, payload, null);
    }
}
