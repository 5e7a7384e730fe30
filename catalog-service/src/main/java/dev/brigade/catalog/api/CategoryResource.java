package dev.brigade.catalog.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import dev.brigade.catalog.store.CategoryRepository;
import dev.brigade.catalog.store.ProductRepository;
import io.quarkus.panache.common.Sort;

@Path("/api/categories")
public class CategoryResource {

    private final CategoryRepository categories;
    private final ProductRepository products;

    CategoryResource(CategoryRepository categories, ProductRepository products) {
        this.categories = categories;
        this.products = products;
    }

    @GET
    public List<CategoryView> list() {
        return categories.listAll(Sort.ascending("name")).stream()
                .map(category -> new CategoryView(category.slug, category.name, products.countInCategory(category.id)))
                .toList();
    }
}
