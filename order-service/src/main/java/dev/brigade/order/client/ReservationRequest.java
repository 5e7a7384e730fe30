package dev.brigade.order.client;

import java.util.List;

/** The body of catalog-service's {@code POST /api/reservations}. */
public record ReservationRequest(String reservationId, List<Line> lines) {

    public record Line(long productId, int quantity) {
    }
}
