package dev.brigade.catalog.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import dev.brigade.catalog.domain.ProductCatalog;

/**
 * The body of {@code PUT /api/products/{id}}: what a product is and costs. Its stock is not part of it: stock changes
 * only through reservations and an explicit stock change ({@code POST /api/products/{id}/stock}), never as a side
 * effect of editing a description with a copy that was read before the last sale.
 */
public record ProductChange(
        @NotBlank @Size(max = 200) String name,
        @NotNull @Size(max = 2000) String description,
        @NotBlank(message = "must name a category slug, see GET /api/categories") String category,
        @NotNull @PositiveOrZero @Max(ProductRequest.MAX_PRICE_CENTS) Long priceCents,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        @Size(max = 2000) @Pattern(regexp = ProductRequest.IMAGE_URL, message = ProductRequest.IMAGE_URL_RULE)
        String imageUrl,
        @Null(message = "is not changed by a replace: send the change to POST /api/products/{id}/stock")
        Integer stock) {

    ProductCatalog.ProductData data() {
        return new ProductCatalog.ProductData(name, description, category, priceCents, currency, imageUrl);
    }
}
