package dev.brigade.worker.jobs;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/jobs}. A {@code key} makes the submission idempotent. {@code owner} is the customer
 * (token subject) order-service submits an invoice for; staff's own jobs are theirs, and they send none.
 */
public record JobSubmission(
        @NotBlank @Size(max = 64) String type,
        @NotNull JsonNode payload,
        @Size(min = 1, max = 200) String key,
        @Size(min = 1, max = 255) String owner) {
}
