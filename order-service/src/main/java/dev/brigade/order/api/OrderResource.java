package dev.brigade.order.api;

import java.net.URI;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.brigade.common.problem.ProblemException;
import dev.brigade.common.security.Caller;
import dev.brigade.common.security.Roles;
import dev.brigade.order.config.OrderConfig;
import dev.brigade.order.domain.Cancellation;
import dev.brigade.order.domain.Checkout;
import dev.brigade.order.domain.Order;
import dev.brigade.order.domain.OrderDraft;
import dev.brigade.order.domain.OrderQueries;
import io.quarkus.security.ForbiddenException;

/**
 * Orders. A signed-in customer places orders and reads and cancels their own; staff read and cancel everyone's. An
 * order that is not yours does not exist for you (404).
 */
@Path("/api/orders")
public class OrderResource {

    static final int MAX_QUANTITY = 1000;
    /** The column's width; a longer display name from the token is cut, it is shown, not matched. */
    private static final int MAX_NAME_LENGTH = 200;

    private final Checkout checkout;
    private final Cancellation cancellation;
    private final OrderQueries orders;
    private final OrderConfig.Worker config;
    private final Caller caller;

    OrderResource(Checkout checkout, Cancellation cancellation, OrderQueries orders, OrderConfig.Worker config,
                  Caller caller) {
        this.checkout = checkout;
        this.cancellation = cancellation;
        this.orders = orders;
        this.config = config;
        this.caller = caller;
    }

    /** 201 for a new order; 200 with the same order when the Idempotency-Key was seen before with the same body. */
    @Operation(operationId = "placeOrder",
            summary = "Places an order: its stock is reserved, the order stored, its invoice queued")
    @APIResponse(responseCode = "200", description = "The same Idempotency-Key and body again: the same order")
    @APIResponse(responseCode = "201", description = "Placed; Location names it")
    @APIResponse(responseCode = "409",
            description = "Out of stock, or an earlier attempt with this key was given up: use a new key")
    @APIResponse(responseCode = "422",
            description = "An unknown product, mixed currencies, or the key was used for another order")
    @APIResponse(responseCode = "502", description = "catalog-service answered in a way it should not")
    @APIResponse(responseCode = "503",
            description = "The shop is busy or catalog-service is failing: Retry-After says when to send the same order again")
    @POST
    @RolesAllowed(Roles.CUSTOMER)
    public Response place(
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 255)
            @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII without spaces") String idempotencyKey,
            @Valid @NotNull OrderRequest body) {
        Checkout.Placement placement = checkout.place(toDraft(body), idempotencyKey);
        OrderView view = view(placement.order());
        if (!placement.created()) {
            return Response.ok(view).location(URI.create("/api/orders/" + view.id())).build();
        }
        return Response.created(URI.create("/api/orders/" + view.id())).entity(view).build();
    }

    @Operation(operationId = "listOrders",
            summary = "Your orders, newest first; staff see everyone's, or one e-mail address's")
    @APIResponse(responseCode = "403", description = "A customer asked for an e-mail address: only staff filter by it")
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF})
    public OrderPage list(
            @QueryParam("email") @Size(max = 254) String email,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        OrderQueries.Page found;
        if (caller.isStaff()) {
            found = orders.byEmail(email, page, size);
        } else if (email != null) {
            throw new ForbiddenException("Only staff look orders up by e-mail address; without it you get your own");
        } else {
            found = orders.ofCustomer(caller.subject(), page, size);
        }
        return new OrderPage(found.orders().stream().map(this::view).toList(), page, size, found.total());
    }

    @Operation(operationId = "getOrder", summary = "One of your orders (staff: any order)")
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF})
    @Path("/{id}")
    public OrderView get(@PathParam("id") String id) {
        return view(orders.get(id, caller::mayRead));
    }

    /** Cancels the order and releases its stock; cancelling again answers the cancelled order. */
    @Operation(operationId = "cancelOrder",
            summary = "Cancels an order and releases its stock; cancelling again changes nothing")
    @POST
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF})
    @Path("/{id}/cancel")
    public OrderView cancel(@PathParam("id") String id) {
        orders.get(id, caller::mayRead);
        return view(cancellation.cancel(id));
    }

    private OrderView view(Order order) {
        return OrderView.of(order, config.publicUrl());
    }

    /** The signed-in customer's order; merges lines for the same product, refuses a merged quantity over the limit. */
    private OrderDraft toDraft(OrderRequest body) {
        SortedMap<Long, Integer> quantities = new TreeMap<>();
        for (OrderRequest.Line line : body.lines()) {
            int merged = quantities.merge(line.productId(), line.quantity(), Integer::sum);
            if (merged > MAX_QUANTITY) {
                throw ProblemException.badRequest("Product " + line.productId() + " is ordered " + merged
                        + " times over several lines; at most " + MAX_QUANTITY + " per product");
            }
        }
        String email = caller.email().orElseThrow(() -> ProblemException.badRequest(
                "Your account has no e-mail address, and the invoice needs one: add it to your profile"));
        String name = caller.name();
        return new OrderDraft(caller.subject(), name.substring(0, Math.min(name.length(), MAX_NAME_LENGTH)), email,
                quantities, body.currency());
    }
}
