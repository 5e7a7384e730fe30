package dev.brigade.order.store;

import java.time.OffsetDateTime;
import java.util.Locale;
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

    /** One customer's orders (by their token's subject), newest first. */
    public PanacheQuery<Order> byCustomer(String subject) {
        return find("customerSubject = ?1", newestFirst(), subject);
    }

    /** Newest first; all orders when {@code email} is null. The e-mail is compared case-insensitively. */
    public PanacheQuery<Order> byEmail(String email) {
        if (email == null || email.isBlank()) {
            return findAll(newestFirst());
        }
        return find("customerEmailKey = ?1", newestFirst(), email.trim().toLowerCase(Locale.ROOT));
    }

    private static Sort newestFirst() {
        return Sort.descending("createdAt").and("id");
    }

    /** True for the one caller that moved the order from CONFIRMED to CANCELLED. */
    public boolean markCancelled(String id, OffsetDateTime at) {
        return update("status = ?1, cancelledAt = ?2, version = version + 1 where id = ?3 and status = ?4",
                OrderStatus.CANCELLED, at, id, OrderStatus.CONFIRMED) == 1;
    }

    /**
     * SQL, not HQL, as every update made once per order: Hibernate 7 caches no plan for an HQL update and translates
     * it again at each call (bench/README.md, 2026-12-07, "per-order waste").
     */
    public void recordInvoiceJob(String id, String jobId) {
        getEntityManager().createNativeQuery("update {h-schema}customer_order set invoice_job_id = :job,"
                        + " version = version + 1 where id = :id")
                .setParameter("job", jobId).setParameter("id", id).executeUpdate();
    }
}
