package dev.brigade.order.domain;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.brigade.common.tracing.StoredTrace;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/** A message to another service, stored with the change that causes it and delivered by the {@link OutboxRelay}. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage {

    public enum Kind {
        /** {@code POST /api/jobs} at worker-service; the payload is the job request. */
        INVOICE_JOB,
        /** {@code DELETE /api/reservations/{orderId}} at catalog-service, unless the order is CONFIRMED by then. */
        RELEASE_RESERVATION,
        /** {@code POST /api/reservations/{orderId}/confirm}: the order is stored, so its stock no longer expires. */
        CONFIRM_RESERVATION
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @Column(name = "order_id")
    public String orderId;

    public String payload;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "available_at")
    public OffsetDateTime availableAt;

    public int attempts;

    @Column(name = "delivered_at")
    public OffsetDateTime deliveredAt;

    @Column(name = "last_error")
    public String lastError;

    /** Set when the message was given up: refused for good by its receiver, or out of attempts. */
    @Column(name = "failed_at")
    public OffsetDateTime failedAt;

    /**
     * The W3C traceparent of the span that wrote the message (the checkout's, the cancellation's), so that its
     * delivery continues that trace; null when it was written outside any trace.
     */
    @Column(name = "trace_parent")
    public String traceParent;

    public static OutboxMessage of(Kind kind, String orderId, String payload, OffsetDateTime now, OffsetDateTime availableAt) {
        OutboxMessage message = new OutboxMessage();
        message.kind = kind;
        message.orderId = orderId;
        message.payload = payload;
        message.createdAt = now;
        message.availableAt = availableAt;
        message.traceParent = StoredTrace.current();
        return message;
    }

    /** The span of an attempt to deliver this message: a child of the span that wrote it (OutboxRelay says why). */
    Span startDeliverySpan(Tracer tracer) {
        return StoredTrace.continuedBy(tracer, "outbox deliver " + kind, traceParent)
                .setAttribute("brigade.outbox.kind", kind.name())
                .setAttribute("brigade.order.id", orderId)
                .setAttribute("brigade.outbox.attempt", attempts + 1L)
                .startSpan();
    }
}
