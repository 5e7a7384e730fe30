package dev.brigade.catalog.api;

import java.time.OffsetDateTime;
import java.util.List;

/** A reservation with the names and prices the products had when they were reserved. */
public record ReservationView(
        String reservationId,
        Status status,
        List<Line> lines,
        OffsetDateTime createdAt,
        OffsetDateTime releasedAt) {

    public enum Status { ACTIVE, RELEASED }

    public record Line(long productId, int quantity, String name, long unitPriceCents, String currency) {
    }
}
