package dev.brigade.order.api;

import java.net.URI;
import java.util.SortedMap;
import java.util.TreeMap;

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

import dev.brigade.common.problem.ProblemException;
import dev.brigade.order.config.OrderConfig;
import dev.brigade.order.domain.Cancellation;
import dev.brigade.order.domain.Checkout;
import dev.brigade.order.domain.Order;
import dev.brigade.order.domain.OrderDraft;
import dev.brigade.order.store.OrderRepository;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;

@Path("/api/orders")
public class OrderResource {

    static final int MAX_QUANTITY = 1000;

    private final Checkout checkout;
    private final Cancellation cancellation;
    private final OrderRepository orders;
    private final OrderConfig.Worker config;

    OrderResource(Checkout checkout, Cancellation cancellation, OrderRepository orders, OrderConfig.Worker config) {
        this.checkout = checkout;
        this.cancellation = cancellation;
        this.orders = orders;
        this.config = config;
    }

    /** 201 for a new order; 200 with the same order when the Idempotency-Key was seen before with the same body. */
    @POST
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

    @GET
    public OrderPage list(
            @QueryParam("email") @Size(max = 254) String email,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PanacheQuery<Order> query = orders.byEmail(email).page(page, size);
            return new OrderPage(query.list().stream().map(this::view).toList(), page, size, query.count());
        });
    }

    @GET
    @Path("/{id}")
    public OrderView get(@PathParam("id") String id) {
        return QuarkusTransaction.requiringNew().call(() -> orders.findByIdOptional(id).map(this::view)
                .orElseThrow(() -> ProblemException.notFound("Order", id)));
    }

    /** Cancels the order and releases its stock; cancelling again answers the cancelled order. */
    @POST
    @Path("/{id}/cancel")
    public OrderView cancel(@PathParam("id") String id) {
        return view(cancellation.cancel(id));
    }

    private OrderView view(Order order) {
        return OrderView.of(order, config.publicUrl());
    }

    /** Merges lines for the same product; refuses a merged quantity over the per-line limit. */
    private static OrderDraft toDraft(OrderRequest body) {
        SortedMap<Long, Integer> quantities = new TreeMap<>();
        for (OrderRequest.Line line : body.lines()) {
            int merged = quantities.merge(line.productId(), line.quantity(), Integer::sum);
            if (merged > MAX_QUANTITY) {
                throw ProblemException.badRequest("Product " + line.productId() + " is ordered " + merged
                        + " times over several lines; at most " + MAX_QUANTITY + " per product");
            }
        }
        return new OrderDraft(body.customer().name(), body.customer().email(), quantities, body.currency());
    }
}
