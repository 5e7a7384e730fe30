package dev.brigade.catalog.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/reservations}: all lines are reserved, or none. */
public record ReservationRequest(
        @NotBlank @Size(max = MAX_ID_LENGTH)
        @Pattern(regexp = "[A-Za-z0-9:._-]+", message = "may hold letters, digits and : . _ - only") String reservationId,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid Line> lines) {

    /** The width of the reservation id column. */
    public static final int MAX_ID_LENGTH = 64;

    public record Line(
            @NotNull Long productId,
            @NotNull @Min(1) @Max(1000) Integer quantity) {
    }
}
