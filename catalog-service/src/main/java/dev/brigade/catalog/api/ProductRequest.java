package dev.brigade.catalog.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import dev.brigade.catalog.domain.Product;
import dev.brigade.catalog.domain.ProductCatalog;

/** The body of {@code POST /api/products}: a new product with its first stock. */
public record ProductRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull @Size(max = 2000) String description,
        @NotBlank(message = "must name a category slug, see GET /api/categories") String category,
        @NotNull @PositiveOrZero @Max(MAX_PRICE_CENTS) Long priceCents,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        @NotNull @PositiveOrZero @Max(Product.MAX_STOCK) Integer stock,
        @Size(max = 2000) @Pattern(regexp = IMAGE_URL, message = IMAGE_URL_RULE) String imageUrl) {

    /**
     * EUR 1,000,000.00: with at most 1,000 of a product per order line, no line or order total comes near a
     * {@code long}'s range, so no total can wrap around to a few cents.
     */
    public static final long MAX_PRICE_CENTS = 100_000_000L;
    /** An image is an http(s) URL or a path on this service: never {@code javascript:}, {@code data:} and the like. */
    static final String IMAGE_URL = "(https?://|/)\\S*";
    static final String IMAGE_URL_RULE = "must be an http(s) URL or a path starting with /, without spaces";

    /** What the product is and costs; its first stock is {@link #stock()}. */
    ProductCatalog.ProductData data() {
        return new ProductCatalog.ProductData(name, description, category, priceCents, currency, imageUrl);
    }
}
