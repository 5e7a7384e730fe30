package dev.brigade.catalog.api;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.brigade.catalog.domain.Product;
import dev.brigade.catalog.domain.ProductCatalog;
import dev.brigade.common.problem.ProblemException;
import dev.brigade.common.security.Roles;
import io.quarkus.panache.common.Sort;

@Path("/api/products")
public class ProductResource {

    private final ProductCatalog catalog;
    private final ProductImages images;

    ProductResource(ProductCatalog catalog, ProductImages images) {
        this.catalog = catalog;
        this.images = images;
    }

    @Operation(operationId = "searchProducts",
            summary = "Searches products by name and description, by category, sorted and paged")
    @GET
    @PermitAll
    public ProductPage search(
            @QueryParam("q") @Size(max = 100) String q,
            @QueryParam("category") @Size(max = 64) String category,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("sort") @DefaultValue("name")
            @Pattern(regexp = "-?(name|price|stock|id)", message = "must be one of name, price, stock, id, optionally prefixed with -")
            String sort) {
        ProductCatalog.Page found = catalog.search(q, category, toSort(sort), page, size);
        return new ProductPage(found.products().stream().map(ProductView::of).toList(), page, size, found.total());
    }

    @Operation(operationId = "getProduct", summary = "A product with its ETag")
    @APIResponse(responseCode = "200", description = "The product")
    @APIResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
    @GET
    @PermitAll
    @Path("/{id}")
    public Response get(@PathParam("id") long id, Request request) {
        Product product = catalog.get(id);
        EntityTag etag = etagOf(product);
        Response.ResponseBuilder precondition = request.evaluatePreconditions(etag);
        if (precondition != null) {
            Response answer = precondition.build();
            if (answer.getStatus() == Response.Status.PRECONDITION_FAILED.getStatusCode()) {
                // An If-Match on a read that names no current version: a problem like every other 412.
                throw ProblemException.preconditionFailed("Product " + id + " is at version " + product.version
                        + ", which If-Match does not name");
            }
            return answer;
        }
        return Response.ok(ProductView.of(product)).tag(etag).build();
    }

    @Operation(operationId = "getProductImage", summary = "The product's picture as SVG")
    @APIResponse(responseCode = "200", description = "The picture")
    @GET
    @PermitAll
    @Path("/{id}/image")
    @Produces("image/svg+xml")
    public Response image(@PathParam("id") long id) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(86_400);
        return Response.ok(images.render(catalog.get(id))).cacheControl(cache).build();
    }

    @Operation(operationId = "createProduct", summary = "Adds a product")
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(responseCode = "422", description = "An unknown category")
    @POST
    @RolesAllowed(Roles.STAFF)
    public Response create(@Valid @NotNull ProductRequest body) {
        Product product = catalog.create(body.data(), body.stock());
        return Response.created(URI.create("/api/products/" + product.id))
                .tag(etagOf(product))
                .entity(ProductView.of(product))
                .build();
    }

    @Operation(operationId = "replaceProduct",
            summary = "Replaces a product; If-Match (its ETag from GET, or *) is required")
    @APIResponse(responseCode = "200", description = "Replaced")
    @APIResponse(responseCode = "412", description = "No ETag in If-Match is the current one: fetch the product again")
    @APIResponse(responseCode = "428", description = "No If-Match: a replace must name the version it replaces")
    @APIResponse(responseCode = "422", description = "An unknown category")
    @PUT
    @RolesAllowed(Roles.STAFF)
    @Path("/{id}")
    public Response update(@PathParam("id") long id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull ProductChange body) {
        Product product = catalog.update(id, body.data(), IfMatch.versions(ifMatch));
        return Response.ok(ProductView.of(product)).tag(etagOf(product)).build();
    }

    @Operation(operationId = "changeStock",
            summary = "Adds units to a product's stock (a negative change writes units off); no If-Match needed")
    @APIResponse(responseCode = "200", description = "Changed; the product with its new ETag")
    @APIResponse(responseCode = "409", description = "The change would take the stock below 0 or above 1,000,000")
    @POST
    @RolesAllowed(Roles.STAFF)
    @Path("/{id}/stock")
    public Response changeStock(@PathParam("id") long id, @Valid @NotNull StockChange body) {
        Product product = catalog.changeStock(id, body.change());
        return Response.ok(ProductView.of(product)).tag(etagOf(product)).build();
    }

    @Operation(operationId = "deleteProduct", summary = "Removes a product")
    @APIResponse(responseCode = "204", description = "Removed")
    @DELETE
    @RolesAllowed(Roles.STAFF)
    @Path("/{id}")
    public void delete(@PathParam("id") long id) {
        catalog.delete(id);
    }

    static EntityTag etagOf(Product product) {
        return new EntityTag(Long.toString(product.version));
    }

    private static Sort toSort(String sort) {
        boolean descending = sort.startsWith("-");
        String field = switch (descending ? sort.substring(1) : sort) {
            case "price" -> "priceCents";
            case "stock" -> "stock";
            case "id" -> "id";
            default -> "name";
        };
        Sort order = descending ? Sort.descending(field) : Sort.ascending(field);
        return field.equals("id") ? order : order.and("id");
    }
}
