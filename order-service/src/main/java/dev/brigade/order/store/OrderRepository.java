package dev.brigade.order.store;

import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.order.domain.Order;
import dev.brigade.order.domain.OrderStatus;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<Order, String> {

    public Optional<Order> findByIdempotencyKey(String key) {
        return find("idempotencyKey", key).firstResultOptional();
    }

    /** Newest first; all orders when {@code email} is null. The e-mail is compared case-insensitively. */
    public PanacheQuery<Order> byEmail(String email) {
        Sort newestFirst = Sort.descending("createdAt").and("id");
        if (email == null || email.isBlank()) {
            return findAll(newestFirst);
        }
        return find("customerEmailKey = ?1", newestFirst, email.trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** True for the one caller that moved the order from CONFIRMED to CANCELLED. */
    public boolean markCancelled(String id, OffsetDateTime at) {
        return update("status = ?1, cancelledAt = ?2, version = version + 1 where id = ?3 and status = ?4",
                OrderStatus.CANCELLED, at, id, OrderStatus.CONFIRMED) == 1;
    }

    public void recordInvoiceJob(String id, String jobId) {
        update("invoiceJobId = ?1, version = version + 1 where id = ?2", jobId, id);
    }
}
