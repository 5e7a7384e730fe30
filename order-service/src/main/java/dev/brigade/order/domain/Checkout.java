package dev.brigade.order.domain;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.common.idempotency.Fingerprint;
import dev.brigade.common.problem.ProblemException;
import dev.brigade.common.store.StoredNow;
import dev.brigade.contracts.InvoiceJob;
import dev.brigade.order.client.CatalogBulkhead;
import dev.brigade.order.client.CatalogFailure;
import dev.brigade.order.client.CatalogRefusal;
import dev.brigade.order.client.CatalogReservation;
import dev.brigade.order.client.CatalogStock;
import dev.brigade.order.store.OrderRepository;
import dev.brigade.order.store.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The checkout saga: reserve all lines at catalog-service (one all-or-nothing call whose reservation id is the order
 * id), then store the order CONFIRMED together with its invoice message in one transaction. Nothing is stored
 * before the reservation succeeded, and a reservation whose order could not be stored is released again.
 *
 * <p>With an {@code Idempotency-Key} the order id is derived from the key and the customer (a key is the customer's
 * own: another customer's order with the same key is another order). Two concurrent requests with one key therefore
 * reserve under one reservation id (catalog-service reserves it once) and race for one primary key: the loser
 * answers with the winner's order.
 */
@ApplicationScoped
public class Checkout {

    private static final Logger LOG = Logger.getLogger(Checkout.class);

    private final CatalogStock catalog;
    private final OrderRepository orders;
    private final OutboxRepository outbox;
    private final Event<OutboxNudge> nudge;
    private final ObjectMapper json;
    private final Clock clock;
    private final CheckoutOutcomes outcomes;
    private final StoredNow stored;

    Checkout(CatalogStock catalog, OrderRepository orders, OutboxRepository outbox, Event<OutboxNudge> nudge,
             ObjectMapper json, Clock clock, CheckoutOutcomes outcomes, StoredNow stored) {
        this.catalog = catalog;
        this.orders = orders;
        this.outbox = outbox;
        this.nudge = nudge;
        this.json = json;
        this.clock = clock;
        this.outcomes = outcomes;
        this.stored = stored;
    }

    /** The order and whether this call made it (false: a repeat of an earlier request with the same key). */
    public record Placement(Order order, boolean created) {
    }

    public Placement place(OrderDraft draft, String customersKey) {
        try {
            Placement placement = attempt(draft, customersKey);
            // A placed order is kept: it and its outbox messages are in the file before the answer (a replay
            // too, since the request that made it may not have answered yet).
            stored.await();
            outcomes.count(placement.created() ? CheckoutOutcomes.Outcome.CONFIRMED : CheckoutOutcomes.Outcome.REPLAYED);
            return placement;
        } catch (ProblemException refused) {
            outcomes.count(CheckoutOutcomes.of(refused));
            throw refused;
        } catch (RuntimeException e) {
            outcomes.count(CheckoutOutcomes.Outcome.FAILED);
            throw e;
        }
    }

    private Placement attempt(OrderDraft draft, String customersKey) {
        String requestHash = draft.fingerprint();
        String idempotencyKey = customersKey == null ? null : Fingerprint.of(draft.customerSubject() + "\n" + customersKey);
        if (idempotencyKey != null) {
            Optional<Order> earlier = QuarkusTransaction.requiringNew().call(() -> orders.findByIdempotencyKey(idempotencyKey));
            if (earlier.isPresent()) {
                return new Placement(replayed(earlier.get(), requestHash), false);
            }
        }
        String orderId = idempotencyKey == null ? UUID.randomUUID().toString() : orderIdFor(idempotencyKey);

        CatalogReservation reservation = reserve(orderId, draft);
        if (reservation.released()) {
            throw ProblemException.conflict("reservation-released", "An earlier attempt with this Idempotency-Key"
                    + " did not complete and its stock was released again; send the order with a new Idempotency-Key");
        }
        if (!reservation.quantities().equals(draft.quantities())) {
            // Only possible with a key: a concurrent request with the same key and another body reserved first.
            throw keyReused();
        }
        String currency = currencyOf(reservation, draft, orderId);

        try {
            Order order = QuarkusTransaction.requiringNew().call(() -> store(orderId, idempotencyKey, requestHash, draft, reservation, currency));
            return new Placement(order, true);
        } catch (RuntimeException e) {
            if (idempotencyKey != null) {
                Optional<Order> winner = findQuietly(orderId);
                if (winner.isPresent()) {
                    return new Placement(replayed(winner.get(), requestHash), false);
                }
            }
            releaseQuietly(orderId);
            throw ProblemException.unavailable("The order could not be stored; nothing was charged or reserved", e);
        }
    }

    /**
     * The order id that belongs to an idempotency key as stored (the customer's key scoped to them): a name-based
     * UUID, the same on every replica.
     */
    public static String orderIdFor(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("brigade-order:" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private CatalogReservation reserve(String orderId, OrderDraft draft) {
        try {
            return catalog.reserve(orderId, draft.quantities());
        } catch (CatalogBulkhead.CatalogBusy busy) {
            LOG.debugf("Checkout %s turned away: %s", orderId, busy.getMessage());
            throw ProblemException.retryLater("shop-busy", "The shop is busy right now (" + busy.getMessage()
                    + "); nothing was reserved. Send the same order again in a moment", busy.retryAfter(), busy);
        } catch (CatalogRefusal refusal) {
            throw refused(refusal);
        } catch (CatalogFailure failure) {
            if (failure.maybeApplied()) {
                scheduleOrphanRelease(orderId);
            }
            LOG.warnf("Checkout %s: %s", orderId, failure.getMessage());
            throw catalogUnavailable(failure.timedOut() ? "did not answer in time"
                    : failure.maybeApplied() ? "is failing" : "cannot be reached", failure);
        } catch (CatalogStock.CatalogPaused paused) {
            LOG.debugf("Checkout %s: refused at once, the circuit breaker to catalog-service is open", orderId);
            throw ProblemException.retryLater("catalog-failing", "catalog-service has been failing, so checkout is"
                    + " paused for a few seconds; nothing was reserved", paused.retryAfter(), paused);
        }
    }

    private static ProblemException refused(CatalogRefusal refusal) {
        return switch (refusal.reason()) {
            case OUT_OF_STOCK -> ProblemException.conflict("out-of-stock", refusal.getMessage());
            case UNKNOWN_PRODUCT -> ProblemException.unprocessable("unknown-product", refusal.getMessage());
            case OTHER -> new ProblemException(502, "bad-gateway", "Bad gateway",
                    "catalog-service refused the reservation: " + refusal.getMessage());
        };
    }

    private static ProblemException catalogUnavailable(String why, Throwable cause) {
        return ProblemException.unavailable("catalog-service " + why + "; no order was placed. Please try again shortly", cause);
    }

    private String currencyOf(CatalogReservation reservation, OrderDraft draft, String orderId) {
        Set<String> currencies = new LinkedHashSet<>();
        reservation.lines().forEach(line -> currencies.add(line.currency()));
        String problem = null;
        if (currencies.size() > 1) {
            problem = "The products are priced in different currencies " + currencies + "; order them separately";
        } else if (draft.currency() != null && !currencies.contains(draft.currency())) {
            problem = "The products are priced in " + currencies.iterator().next() + ", not " + draft.currency();
        }
        if (problem != null) {
            releaseQuietly(orderId);
            throw ProblemException.unprocessable("currency-mismatch", problem);
        }
        return currencies.iterator().next();
    }

    private Order store(String orderId, String idempotencyKey, String requestHash, OrderDraft draft,
                        CatalogReservation reservation, String currency) {
        OffsetDateTime now = now();
        Order order = new Order();
        order.id = orderId;
        order.status = OrderStatus.CONFIRMED;
        order.customerSubject = draft.customerSubject();
        order.customerName = draft.customerName().trim();
        order.customerEmail = draft.customerEmail().trim();
        order.customerEmailKey = order.customerEmail.toLowerCase(Locale.ROOT);
        order.currency = currency;
        order.createdAt = now;
        order.idempotencyKey = idempotencyKey;
        order.requestHash = requestHash;
        for (CatalogReservation.Line reserved : reservation.lines()) {
            OrderLine line = new OrderLine();
            line.productId = reserved.productId();
            line.name = reserved.name();
            line.quantity = reserved.quantity();
            line.unitPriceCents = reserved.unitPriceCents();
            order.lines.add(line);
            order.totalCents = Math.addExact(order.totalCents, line.totalCents());
        }
        order.lines.sort(java.util.Comparator.comparingLong(line -> line.productId));
        orders.persistAndFlush(order);
        OutboxMessage invoice =
                OutboxMessage.of(OutboxMessage.Kind.INVOICE_JOB, orderId, toJson(invoiceJob(order)), now, now);
        outbox.persist(invoice);
        // catalog holds the stock for catalog.reservations.hold (15 minutes) unless the order confirms it.
        outbox.persist(OutboxMessage.of(OutboxMessage.Kind.CONFIRM_RESERVATION, orderId, null, now, now));
        nudge.fire(OutboxNudge.invoiceJob(invoice));
        return order;
    }

    private Order replayed(Order earlier, String requestHash) {
        if (!earlier.requestHash.equals(requestHash)) {
            throw keyReused();
        }
        return earlier;
    }

    private static ProblemException keyReused() {
        return ProblemException.unprocessable("idempotency-key-reused",
                "This Idempotency-Key was already used for a different order; use a new key for a new order");
    }

    /**
     * A reservation this checkout gave up on may have been made anyway: release it now, through the outbox, so the
     * release is retried until catalog has it (and survives a restart). catalog-service remembers the release of a
     * reservation it has not seen yet, so one still on its way there takes no stock when it arrives.
     */
    private void scheduleOrphanRelease(String orderId) {
        try {
            OffsetDateTime now = now();
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.persist(OutboxMessage.of(OutboxMessage.Kind.RELEASE_RESERVATION, orderId, null, now, now));
                nudge.fire(OutboxNudge.release());
            });
            stored.await();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not schedule the release of reservation %s; release it by hand if it holds stock", orderId);
        }
    }

    private void releaseQuietly(String orderId) {
        try {
            catalog.release(orderId);
        } catch (RuntimeException e) {
            LOG.errorf("Could not release reservation %s (%s); scheduling a retry", orderId, e.getMessage());
            scheduleOrphanRelease(orderId);
        }
    }

    private Optional<Order> findQuietly(String orderId) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> orders.findByIdOptional(orderId));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static InvoiceJob invoiceJob(Order order) {
        InvoiceJob.Customer customer = new InvoiceJob.Customer(order.customerName, order.customerEmail);
        return InvoiceJob.of(order.customerSubject, new InvoiceJob.Payload(order.id, customer, order.lines.stream()
                .map(line -> new InvoiceJob.Line(line.productId, line.name, line.quantity, line.unitPriceCents))
                .toList(), order.currency, order.createdAt));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
