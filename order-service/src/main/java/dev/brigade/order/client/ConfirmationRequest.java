package dev.brigade.order.client;

import java.util.List;

/** The body of catalog-service's {@code POST /api/reservations/confirmations}. */
public record ConfirmationRequest(List<String> reservationIds) {

    /** Reservations catalog confirms in one call, at most. */
    public static final int MAX_IDS = 100;
}
