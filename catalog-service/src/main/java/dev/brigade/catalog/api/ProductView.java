package dev.brigade.catalog.api;

import dev.brigade.catalog.domain.Product;

/**
 * A product as clients see it. {@code imageUrl} is relative to the catalog's base URL unless the product was
 * created with an absolute one.
 */
public record ProductView(
        long id,
        String name,
        String description,
        String category,
        String categoryName,
        long priceCents,
        String currency,
        int stock,
        String imageUrl,
        long version) {

    static ProductView of(Product product) {
        String image = product.imageUrl != null ? product.imageUrl : "/api/products/" + product.id + "/image";
        return new ProductView(product.id, product.name, product.description, product.category.slug,
                product.category.name, product.priceCents, product.currency, product.stock, image, product.version);
    }
}
