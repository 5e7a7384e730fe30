package dev.brigade.catalog.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/products} and {@code PUT /api/products/{id}}. */
public record ProductRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull @Size(max = 2000) String description,
        @NotBlank(message = "must name a category slug, see GET /api/categories") String category,
        @NotNull @PositiveOrZero Long priceCents,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        @NotNull @PositiveOrZero @Max(1_000_000) Integer stock,
        @Size(max = 2000) String imageUrl) {
}
