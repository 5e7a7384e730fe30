package dev.brigade.catalog.api;

import java.time.OffsetDateTime;
import java.util.List;

/** A reservation with the names and prices the products had when they were reserved. */
public record ReservationView(
        String reservationId,
        Status status,
        List<Line> lines,
        OffsetDateTime createdAt,
        OffsetDateTime expiresAt,
        OffsetDateTime confirmedAt,
        OffsetDateTime releasedAt) {

    /** ACTIVE: held until {@code expiresAt}; CONFIRMED: its order's; RELEASED: returned (on request, or expired). */
    public enum Status { ACTIVE, CONFIRMED, RELEASED }

    public record Line(long productId, int quantity, String name, long unitPriceCents, String currency) {
    }
}
