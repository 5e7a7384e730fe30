package dev.brigade.order.domain;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.common.tracing.StoredTrace;
import dev.brigade.order.client.CatalogConfirmations;
import dev.brigade.order.client.CatalogStock;
import dev.brigade.order.store.OrderRepository;
import dev.brigade.order.store.OutboxRepository;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Delivers {@code CONFIRM_RESERVATION} messages many to a call: one request to catalog and one transaction on each
 * side for a batch, not per order. Nothing waits for a confirmation (catalog holds a reservation for 15 minutes), so
 * the checkout does not nudge the relay for one: they go out with the relay's poll, or the next release's pass, which
 * sends the confirmations written before a release first. One span for the batch, linked to the span of each
 * checkout that wrote a message (a span has one parent).
 */
@ApplicationScoped
class ReservationConfirmations {

    private final CatalogStock catalog;
    private final OutboxRepository outbox;
    private final OrderRepository orders;
    private final OutboxFailures failures;
    private final OutboxMetrics metrics;
    private final Tracer tracer;
    private final Clock clock;

    ReservationConfirmations(CatalogStock catalog, OutboxRepository outbox, OrderRepository orders,
            OutboxFailures failures, OutboxMetrics metrics, Tracer tracer, Clock clock) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.orders = orders;
        this.failures = failures;
        this.metrics = metrics;
        this.tracer = tracer;
        this.clock = clock;
    }

    /** False when catalog could not be reached and the batch waits for a later attempt; true when it is done with. */
    boolean deliver(List<OutboxMessage> batch) {
        Span span = StoredTrace.linkedTo(tracer, "outbox deliver " + OutboxMessage.Kind.CONFIRM_RESERVATION,
                        batch.stream().map(message -> message.traceParent).toList())
                .setAttribute("brigade.outbox.kind", OutboxMessage.Kind.CONFIRM_RESERVATION.name())
                .setAttribute("brigade.outbox.batch", batch.size())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            CatalogConfirmations answer;
            try {
                answer = catalog.confirm(batch.stream().map(message -> message.orderId).toList());
            } catch (RuntimeException e) {
                return failures.failed(span, batch, e);
            }
            record(span, batch, answer);
            return true;
        } finally {
            span.end();
        }
    }

    private void record(Span span, List<OutboxMessage> batch, CatalogConfirmations answer) {
        Set<String> confirmed = new HashSet<>(answer.confirmed());
        Set<String> released = new HashSet<>(answer.released());
        List<Long> delivered = new ArrayList<>();
        for (OutboxMessage message : batch) {
            if (confirmed.contains(message.orderId) || released.contains(message.orderId) && cancelled(message.orderId)) {
                delivered.add(message.id); // a cancelled order's release may overtake its confirmation: nothing to do
            } else if (released.contains(message.orderId)) {
                failures.refused(span, message, "catalog-service released reservation " + message.orderId
                        + " before its order confirmed it (its hold ran out?): the order's stock is no longer held");
            } else {
                failures.refused(span, message, "catalog-service has no reservation " + message.orderId);
            }
        }
        if (!delivered.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> outbox.markDelivered(delivered, OffsetDateTime.now(clock)));
            metrics.delivered(delivered.size());
        }
    }

    private boolean cancelled(String orderId) {
        return QuarkusTransaction.requiringNew().call(() -> orders.findByIdOptional(orderId)
                .map(order -> order.status == OrderStatus.CANCELLED).orElse(false));
    }
}
