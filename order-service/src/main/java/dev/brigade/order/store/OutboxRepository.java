package dev.brigade.order.store;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.common.store.StoredNow;
import dev.brigade.order.domain.OutboxMessage;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxMessage> {

    private final StoredNow stored;

    OutboxRepository(StoredNow stored) {
        this.stored = stored;
    }

    /**
     * The first {@code limit} messages that are due, oldest first, each already in the database's file: no message
     * leaves before the order it belongs to would survive a killed process (on H2 a commit reaches the file later, see
     * StoredNow). Those of {@code kind}, or with {@code ofKind} false all others: one kind as a parameter, not a list
     * of them, as Hibernate 7 plans a query with a list parameter anew at every call (3.4 % of order-service's CPU in
     * the relay's passes, bench/README.md, 2026-12-07, "per-order waste").
     */
    public List<OutboxMessage> due(OffsetDateTime now, int limit, OutboxMessage.Kind kind, boolean ofKind) {
        // Sorted by the index's own columns (delivered_at is null in every row here) so the database reads 'limit'
        // rows off outbox_message_due_idx instead of sorting the whole backlog: see bench/README.md, profile 2.
        List<OutboxMessage> due = find("deliveredAt is null and availableAt <= ?1 and failedAt is null and kind "
                + (ofKind ? "=" : "<>") + " ?2", Sort.ascending("deliveredAt", "availableAt", "id"), now, kind)
                .page(0, limit).list();
        // After the query, not before: a message committed between the two would otherwise leave unwritten.
        stored.await();
        return due;
    }

    /** How many messages wait for delivery (not given up), and when the oldest of them was written. */
    public record Backlog(long pending, OffsetDateTime oldestCreatedAt) {
    }

    /**
     * The backlog, from the rows that wait only: delivered_at is null is a range of outbox_message_due_idx, so the
     * delivered rows (most of the table, kept for days) are not read.
     */
    public Backlog backlog() {
        Object[] row = getEntityManager().createQuery("select count(m), min(m.createdAt) from OutboxMessage m"
                + " where m.deliveredAt is null and m.failedAt is null", Object[].class).getSingleResult();
        return new Backlog((Long) row[0], (OffsetDateTime) row[1]);
    }

    public List<OutboxMessage> pendingFor(String orderId, OutboxMessage.Kind kind) {
        return find("deliveredAt is null and failedAt is null and orderId = ?1 and kind = ?2", Sort.ascending("id"),
                orderId, kind).list();
    }

    /** SQL, not HQL, as every update made once per order (OrderRepository.recordInvoiceJob says why). */
    public void markDelivered(long id, OffsetDateTime at) {
        markDelivered(List.of(id), at);
    }

    public void markDelivered(Collection<Long> ids, OffsetDateTime at) {
        getEntityManager().createNativeQuery("update {h-schema}outbox_message set delivered_at = :at, last_error = null"
                        + " where id in (:ids) and delivered_at is null")
                .setParameter("at", at).setParameter("ids", ids).executeUpdate();
    }

    public void markGivenUp(long id, String error, OffsetDateTime at) {
        update("attempts = attempts + 1, lastError = ?1, failedAt = ?2 where id = ?3 and deliveredAt is null",
                error, at, id);
    }

    public void markFailed(long id, String error, OffsetDateTime retryAt) {
        update("attempts = attempts + 1, lastError = ?1, availableAt = ?2 where id = ?3 and deliveredAt is null",
                error, retryAt, id);
    }
}
