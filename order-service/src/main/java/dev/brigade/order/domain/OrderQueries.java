package dev.brigade.order.domain;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

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

    /** One customer's orders, by the subject of their token. */
    public Page ofCustomer(String subject, int page, int size) {
        return page(() -> orders.byCustomer(subject), page, size);
    }

    /** Orders of one e-mail address (any case), or of everyone when it is null or blank: the staff's view. */
    public Page byEmail(String email, int page, int size) {
        return page(() -> orders.byEmail(email), page, size);
    }

    /**
     * The order, when {@code reader} may see it: its customer, or staff. To anyone else it does not exist, so that
     * nothing tells them whether an order id is taken.
     */
    public Order get(String id, Predicate<String> reader) {
        return QuarkusTransaction.requiringNew().call(() -> orders.findByIdOptional(id)
                .filter(order -> reader.test(order.customerSubject))
                .orElseThrow(() -> ProblemException.notFound("Order", id)));
    }

    private Page page(Supplier<PanacheQuery<Order>> orders, int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PanacheQuery<Order> query = orders.get().page(page, size);
            return new Page(query.list(), query.count());
        });
    }
}
