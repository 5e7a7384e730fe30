package dev.brigade.worker.pool;

import com.fasterxml.jackson.databind.JsonNode;

/** One job for a child: {@code type} names a registered {@code JobHandler}; {@code id} is the caller's. */
public record JobRequest(String id, String type, JsonNode payload) {
}
