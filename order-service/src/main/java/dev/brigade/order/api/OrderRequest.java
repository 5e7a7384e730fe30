package dev.brigade.order.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import dev.brigade.contracts.InvoiceJob;

/**
 * The body of {@code POST /api/orders}. Who orders is not part of it: the customer is the one signed in (their token's
 * subject, name and e-mail). Prices and names are not part of it either: they come from catalog-service. Two lines
 * for the same product are merged into one (their quantities added).
 */
public record OrderRequest(
        @NotEmpty @Size(max = InvoiceJob.MAX_LINES) List<@NotNull @Valid Line> lines,
        @Pattern(regexp = "[A-Z]{3}", message = "must be a three-letter ISO 4217 code such as EUR") String currency) {

    public record Line(
            @NotNull @Positive Long productId,
            @NotNull @Min(1) @Max(1000) Integer quantity) {
    }
}
