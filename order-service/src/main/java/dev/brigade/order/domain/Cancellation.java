package dev.brigade.order.domain;

import java.time.Clock;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.brigade.common.problem.ProblemException;
import dev.brigade.common.store.StoredNow;
import dev.brigade.order.store.OrderRepository;
import dev.brigade.order.store.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Cancelling an order: CANCELLED and a release message in one transaction, then the release is tried at once. If
 * catalog-service is down the order is cancelled all the same and the relay releases the stock when it is back.
 */
@ApplicationScoped
public class Cancellation {

    private static final Logger LOG = Logger.getLogger(Cancellation.class);

    private final OrderRepository orders;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final Clock clock;
    private final StoredNow stored;

    Cancellation(OrderRepository orders, OutboxRepository outbox, OutboxRelay relay, Clock clock, StoredNow stored) {
        this.orders = orders;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
        this.stored = stored;
    }

    /** Cancels the order; cancelling a cancelled order changes nothing. */
    public Order cancel(String orderId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean cancelledNow = QuarkusTransaction.requiringNew().call(() -> {
            if (orders.findByIdOptional(orderId).isEmpty()) {
                throw ProblemException.notFound("Order", orderId);
            }
            if (!orders.markCancelled(orderId, now)) {
                return false;
            }
            outbox.persist(OutboxMessage.of(OutboxMessage.Kind.RELEASE_RESERVATION, orderId, null, now, now));
            return true;
        });
        // Cancelled means kept, with its release message: in the file before the release is tried and answered.
        stored.await();
        if (cancelledNow && !relay.deliverReleaseNow(orderId)) {
            LOG.warnf("Order %s is cancelled; its reservation will be released when catalog-service answers", orderId);
        }
        return QuarkusTransaction.requiringNew().call(() -> orders.findById(orderId));
    }
}
