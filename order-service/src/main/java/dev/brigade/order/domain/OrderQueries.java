package dev.brigade.order.domain;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.common.problem.ProblemException;
import dev.brigade.order.store.OrderRepository;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Reading orders: a page of them, newest first, or one. Lines are loaded with their order. */
@ApplicationScoped
public class OrderQueries {

    /** One page and the number of orders on all pages. */
    public record Page(List<Order> orders, long total) {
    }

    private final OrderRepository orders;

    OrderQueries(OrderRepository orders) {
        this.orders = orders;
    }

    /** Orders of one e-mail address (any case), or of everyone when it is null or blank. */
    public Page page(String email, int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PanacheQuery<Order> query = orders.byEmail(email).page(page, size);
            return new Page(query.list(), query.count());
        });
    }

    public Order get(String id) {
        return QuarkusTransaction.requiringNew().call(() -> orders.findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("Order", id)));
    }
}
