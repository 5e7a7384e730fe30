package dev.brigade.catalog.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code POST /api/products/{id}/stock}: units that arrived (positive) or were written off (negative).
 * A change, not a new level, so it adds to whatever the sales since the last read left.
 */
public record StockChange(@NotNull @Min(-1_000_000) @Max(1_000_000) Integer change) {
}
