package dev.brigade.order.domain;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.jboss.logging.Logger;

import dev.brigade.common.store.StoredNow;
import dev.brigade.contracts.InvoiceJobBatch;
import dev.brigade.order.client.CatalogStock;
import dev.brigade.order.client.ConfirmationRequest;
import dev.brigade.order.config.OrderConfig;
import dev.brigade.order.store.OrderRepository;
import dev.brigade.order.store.OutboxRepository;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Delivers outbox messages at least once: on a schedule, and right after a commit that wrote some. A message that
 * fails waits with exponential back-off; when a service is unreachable the rest of its messages wait for the next
 * pass instead of each timing out. The receivers are idempotent (invoice job key {@code invoice:<orderId>}, the
 * reservation id), so a message delivered twice, by a retry or by two replicas, still makes one job.
 * <p>
 * Each attempt is a span in the trace of the request that wrote the message, a child of its span (not a span link
 * to a trace of its own): the invoice is the checkout's consequence, so one trace follows an order from the click
 * through the relay's wait into the worker's job, and the wait shows as the gap before the delivery. A message
 * tried again later adds one span per attempt to the same trace.
 * <p>
 * Invoice jobs and stock messages go out in two lanes ({@link OutboxLane}), each with its own thread and passes. The
 * invoice jobs of one pass go to worker-service in one request ({@link InvoiceDeliveries}; more than a batch holds as
 * several, {@code brigade.outbox.parallel-deliveries} at a time): the busier the shop, the more orders share a request
 * and a transaction, and while a slow request is under way (100–250 ms in a service's first seconds) the jobs
 * committed meanwhile wait for the next one together. The stock messages keep their order: releases one at a time,
 * the confirmations between two releases as one batch ({@link ReservationConfirmations}).
 * <p>
 * A checkout's invoice job is handed to the invoice lane as it was written, with a {@link StoredNow#mark()} taken
 * right after its commit ({@link HandedOverInvoices}): the lane waits for the checkout's own write of the file (which
 * covers the mark) instead of reading the message back and writing again, one query and one write per order fewer
 * (bench/README.md, 2026-12-07, "CPU per order and the rate"). The schedule's passes read the due messages: retries,
 * and what a restart or another replica left.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final OrderRepository orders;
    private final InvoiceDeliveries invoiceDeliveries;
    private final CatalogStock catalog;
    private final ReservationConfirmations confirmations;
    private final OutboxFailures failures;
    private final OrderConfig.Outbox config;
    private final Clock clock;
    private final OutboxMetrics metrics;
    private final Tracer tracer;
    private final StoredNow stored;

    private final HandedOverInvoices handedOver;
    /** Set by the schedule: the invoice lane's next pass also reads the due messages. */
    private volatile boolean invoicesDue = true;
    /** The invoice jobs: each independent of the others, delivered several at a time. */
    private final OutboxLane invoices = new OutboxLane("outbox-relay-invoices", this::deliverInvoices);
    /** The stock messages (all other kinds), one at a time, in the order they were written. */
    private final OutboxLane stock = new OutboxLane("outbox-relay-stock", () -> drain(false));
    /** Sends batches of invoice jobs, several at a time when one pass has more than a batch. */
    private final ExecutorService deliveryThreads;

    OutboxRelay(OutboxRepository outbox, OrderRepository orders, InvoiceDeliveries invoiceDeliveries, CatalogStock catalog,
                ReservationConfirmations confirmations, OutboxFailures failures, OrderConfig.Outbox config, Clock clock,
                OutboxMetrics metrics, Tracer tracer, StoredNow stored) {
        this.outbox = outbox;
        this.orders = orders;
        this.invoiceDeliveries = invoiceDeliveries;
        this.catalog = catalog;
        this.confirmations = confirmations;
        this.failures = failures;
        this.config = config;
        this.clock = clock;
        this.tracer = tracer;
        this.metrics = metrics;
        this.stored = stored;
        this.handedOver = new HandedOverInvoices(config.invoiceLinger());
        this.deliveryThreads = Executors.newFixedThreadPool(config.parallelDeliveries(),
                Thread.ofPlatform().name("outbox-delivery-", 1).daemon().factory());
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxNudge nudge) {
        if (nudge.invoice() != null) {
            handedOver.offer(nudge.invoice(), stored.mark());
            invoices.nudge();
        }
        if (nudge.releases()) {
            stock.nudge();
        }
    }

    @Scheduled(every = "${brigade.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        invoicesDue = true;
        invoices.passUnlessBusy();
        stock.passUnlessBusy();
    }

    /** Delivers this order's pending releases now, in the caller's thread; false if one failed. */
    public boolean deliverReleaseNow(String orderId) {
        List<OutboxMessage> pending = QuarkusTransaction.requiringNew()
                .call(() -> outbox.pendingFor(orderId, OutboxMessage.Kind.RELEASE_RESERVATION));
        boolean allDelivered = true;
        for (OutboxMessage message : pending) {
            allDelivered &= attemptRelease(message);
        }
        return allDelivered;
    }

    /** The invoice jobs just committed, once they are in the file; then, if the schedule asked, the due ones. */
    private void deliverInvoices() {
        HandedOverInvoices.Taken taken = handedOver.take();
        if (!taken.messages().isEmpty()) {
            stored.await(taken.mark());
            deliver(taken.messages());
        }
        if (invoicesDue) {
            invoicesDue = false;
            drain(true);
        }
    }

    /**
     * Passes over the due invoice jobs (or all other messages) until a pass finds fewer than a batch, or a receiver is
     * away.
     */
    private void drain(boolean invoiceJobs) {
        List<OutboxMessage> due;
        do {
            due = QuarkusTransaction.requiringNew()
                    .call(() -> outbox.due(now(), config.batchSize(), OutboxMessage.Kind.INVOICE_JOB, invoiceJobs));
            if (invoiceJobs) { // read back already: no need to hand them over again
                handedOver.forget(due.stream().map(message -> message.id).collect(Collectors.toSet()));
            }
            if (!deliver(due)) {
                return;
            }
        } while (due.size() == config.batchSize());
    }

    /**
     * Delivers these messages, the invoice jobs in batches sent in parallel; false when a receiver was away (the rest
     * wait).
     */
    private boolean deliver(List<OutboxMessage> messages) {
        Set<OutboxMessage.Kind> unreachable = ConcurrentHashMap.newKeySet();
        List<Future<?>> parallel = new ArrayList<>();
        List<OutboxMessage> invoicing = new ArrayList<>();
        List<OutboxMessage> confirming = new ArrayList<>();
        for (OutboxMessage message : messages) {
            if (message.kind == OutboxMessage.Kind.INVOICE_JOB) {
                invoicing.add(message);
                if (invoicing.size() == InvoiceJobBatch.MAX_JOBS) {
                    parallel.add(invoiceUnlessUnreachable(invoicing, unreachable));
                }
            } else if (message.kind == OutboxMessage.Kind.CONFIRM_RESERVATION) {
                confirming.add(message);
                if (confirming.size() == ConfirmationRequest.MAX_IDS) {
                    confirmUnlessUnreachable(confirming, unreachable);
                }
            } else {
                confirmUnlessUnreachable(confirming, unreachable); // those written before a release go first
                releaseUnlessUnreachable(message, unreachable);
            }
        }
        if (!invoicing.isEmpty()) {
            parallel.add(invoiceUnlessUnreachable(invoicing, unreachable));
        }
        confirmUnlessUnreachable(confirming, unreachable);
        awaitAll(parallel);
        return unreachable.isEmpty();
    }

    /** Sends the invoice jobs gathered so far as one batch, on a delivery thread, and starts a new one. */
    private Future<?> invoiceUnlessUnreachable(List<OutboxMessage> gathered, Set<OutboxMessage.Kind> unreachable) {
        List<OutboxMessage> batch = List.copyOf(gathered);
        gathered.clear();
        return deliveryThreads.submit(() -> {
            if (!unreachable.contains(OutboxMessage.Kind.INVOICE_JOB) && !invoiceDeliveries.deliver(batch)) {
                unreachable.add(OutboxMessage.Kind.INVOICE_JOB);
            }
        });
    }

    /** Once one release could not be delivered, the pass leaves the rest for later. */
    private void releaseUnlessUnreachable(OutboxMessage message, Set<OutboxMessage.Kind> unreachable) {
        if (!unreachable.contains(message.kind) && !attemptRelease(message)) {
            unreachable.add(message.kind);
        }
    }

    /** Sends the confirmations gathered so far as one batch, and starts a new one. */
    private void confirmUnlessUnreachable(List<OutboxMessage> batch, Set<OutboxMessage.Kind> unreachable) {
        if (!batch.isEmpty() && !unreachable.contains(OutboxMessage.Kind.CONFIRM_RESERVATION)
                && !confirmations.deliver(List.copyOf(batch))) {
            unreachable.add(OutboxMessage.Kind.CONFIRM_RESERVATION);
        }
        batch.clear();
    }

    private static void awaitAll(List<Future<?>> deliveries) {
        for (Future<?> delivery : deliveries) {
            try {
                delivery.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // InvoiceDeliveries records its own failures; anything else is the next pass's to retry.
                LOG.error("An outbox delivery failed unexpectedly; the next pass tries again", e.getCause());
            }
        }
    }

    /**
     * True when the message is done with: delivered, or given up (its receiver refused it for good, or it ran out of
     * attempts), so nothing waits behind it. False when it may go through later: it backs off, and the pass stops
     * trying that receiver.
     */
    private boolean attemptRelease(OutboxMessage message) {
        Span span = message.startDeliverySpan(tracer);
        try (Scope ignored = span.makeCurrent()) {
            try {
                deliverRelease(message);
            } catch (RuntimeException e) { // recorded in the span's trace, with its log line
                return failures.failed(span, message, e);
            }
            metrics.delivered();
            return true;
        } finally {
            span.end();
        }
    }

    private void deliverRelease(OutboxMessage message) {
        Optional<OrderStatus> status = QuarkusTransaction.requiringNew()
                .call(() -> orders.findByIdOptional(message.orderId).map(order -> order.status));
        if (status.isPresent() && status.get() == OrderStatus.CONFIRMED) {
            // The order was stored after all (a retry with the same key): the reservation is its stock now.
            QuarkusTransaction.requiringNew().run(() -> outbox.markDelivered(message.id, now()));
            return;
        }
        catalog.release(message.orderId);
        QuarkusTransaction.requiringNew().run(() -> outbox.markDelivered(message.id, now()));
        LOG.infof("Reservation %s released", message.orderId);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    @PreDestroy
    void stop() {
        invoices.stop();
        stock.stop();
        deliveryThreads.shutdownNow();
    }
}
