package dev.brigade.catalog.api;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.brigade.catalog.domain.ProductCatalog;

@Path("/api/categories")
@PermitAll
public class CategoryResource {

    private final ProductCatalog catalog;

    CategoryResource(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @Operation(operationId = "listCategories", summary = "Every category with its number of products")
    @GET
    public List<CategoryView> list() {
        return catalog.categories().stream()
                .map(found -> new CategoryView(found.category().slug, found.category().name, found.products()))
                .toList();
    }
}
