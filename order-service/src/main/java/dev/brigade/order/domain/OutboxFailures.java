package dev.brigade.order.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.brigade.order.client.CatalogRefusal;
import dev.brigade.order.client.InvoiceJobs;
import dev.brigade.order.config.OrderConfig;
import dev.brigade.order.store.OutboxRepository;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * What the relay does with a delivery that failed: the message waits with exponential back-off, or is given up when
 * its receiver refused it for good or it ran out of attempts.
 */
@ApplicationScoped
class OutboxFailures {

    private static final Logger LOG = Logger.getLogger(OutboxFailures.class);

    private final OutboxRepository outbox;
    private final OrderConfig.Outbox config;
    private final Clock clock;
    private final OutboxMetrics metrics;

    OutboxFailures(OutboxRepository outbox, OrderConfig.Outbox config, Clock clock, OutboxMetrics metrics) {
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Records a failed attempt in its span and the message's row. True when the message is done with (given up), false
     * when it waits for a later attempt.
     */
    boolean failed(Span span, OutboxMessage message, RuntimeException e) {
        return failed(span, List.of(message), e);
    }

    /**
     * One failed call that carried all of these messages: recorded once in its span, and in each message's row. True
     * when every one of them is done with (given up), false when some wait for a later attempt. The span is made
     * current meanwhile, so that the log lines and the rows' writes are in its trace.
     */
    boolean failed(Span span, List<OutboxMessage> messages, RuntimeException e) {
        try (Scope ignored = span.makeCurrent()) {
            String error = describe(e);
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, error);
            boolean refused = refusedForGood(e);
            boolean allDone = true;
            for (OutboxMessage message : messages) {
                allDone &= retryOrGiveUp(message, error, refused);
            }
            return allDone;
        }
    }

    private boolean retryOrGiveUp(OutboxMessage message, String error, boolean refused) {
        boolean givingUp = refused || message.attempts + 1 >= config.maxAttempts();
        metrics.failed(givingUp);
        if (givingUp) {
            giveUp(message, error);
            return true;
        }
        Duration wait = backoff(message.attempts + 1);
        LOG.warnf("Outbox message %d (%s for order %s) not delivered, attempt %d, next try in %s: %s",
                message.id, message.kind, message.orderId, message.attempts + 1, wait, error);
        try {
            QuarkusTransaction.requiringNew().run(() -> outbox.markFailed(message.id, error, now().plus(wait)));
        } catch (RuntimeException storeFailure) {
            LOG.errorf(storeFailure, "Could not record the failed delivery of outbox message %d", message.id);
        }
        return false;
    }

    /** The receiver refused the message for good (its answer said why): no attempt is made again. */
    void refused(Span span, OutboxMessage message, String why) {
        span.setStatus(StatusCode.ERROR, why);
        metrics.failed(true);
        giveUp(message, why);
    }

    private void giveUp(OutboxMessage message, String error) {
        LOG.errorf("Outbox message %d (%s for order %s) given up after %d attempt(s): %s", message.id,
                message.kind, message.orderId, message.attempts + 1, error);
        try {
            QuarkusTransaction.requiringNew().run(() -> outbox.markGivenUp(message.id, error, now()));
        } catch (RuntimeException storeFailure) {
            LOG.errorf(storeFailure, "Could not record that outbox message %d was given up", message.id);
        }
    }

    private Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration wait = config.firstRetry().multipliedBy(factor);
        return wait.compareTo(config.maxRetry()) > 0 ? config.maxRetry() : wait;
    }

    private static boolean refusedForGood(RuntimeException e) {
        return (e instanceof InvoiceJobs.WorkerUnavailable worker && worker.refused())
                || e instanceof CatalogRefusal || e instanceof UnreadableMessage;
    }

    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return text.length() <= 2000 ? text : text.substring(0, 2000);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** A row no retry can deliver: its payload does not read as what its kind says. */
    static final class UnreadableMessage extends RuntimeException {
        UnreadableMessage(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
