package dev.brigade.catalog.api;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/reservations/confirmations}: the reservations whose orders are stored. */
public record ConfirmationRequest(
        @NotEmpty @Size(max = MAX_IDS)
        List<@NotBlank @Size(max = ReservationRequest.MAX_ID_LENGTH) String> reservationIds) {

    /** Reservations confirmed in one call, at most. */
    public static final int MAX_IDS = 100;
}
