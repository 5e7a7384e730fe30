package dev.brigade.it;

import com.fasterxml.jackson.databind.JsonNode;

/** What the generated requests put where a valid one has a real thing: the suite's own, made for the run. */
record FuzzFixtures(String run, long stockProduct, long editProduct, long doomedProduct, String orderId,
        String reservationId, String jobId, JsonNode reportPayload, JsonNode invoicePayload) {
}
