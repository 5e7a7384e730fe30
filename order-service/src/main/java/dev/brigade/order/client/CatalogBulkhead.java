package dev.brigade.order.client;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.order.config.OrderConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The line in front of catalog-service: at most {@code brigade.catalog.concurrency} reservations of this replica are
 * in flight at catalog, the next {@code brigade.catalog.queue-size} wait their turn first come, first served, for at
 * most {@code brigade.catalog.queue-wait}, and anyone beyond that is turned away at once with {@link CatalogBusy}.
 *
 * <p>Why not SmallRye's {@code @Bulkhead}: its synchronous form has no waiting queue, and its asynchronous form sits
 * inside the same fault-tolerance chain as {@code @Timeout} and {@code @CircuitBreaker}, so time spent in line would
 * count as catalog's time-out and as catalog's failure. This line is in front of that chain: {@link CatalogGateway}'s
 * timeout starts when a call leaves for catalog, and being turned away here never touches the breaker. A burst
 * therefore costs waiting time (bounded) or a clean "busy" answer, never an open breaker, and catalog's hot rows see a
 * handful of transactions at a time instead of hundreds.
 */
@ApplicationScoped
public class CatalogBulkhead {

    private final Semaphore inFlight;
    private final AtomicInteger admitted = new AtomicInteger();
    private final OrderConfig.Catalog config;
    private final Counter queueFull;
    private final Counter waitedTooLong;

    CatalogBulkhead(OrderConfig.Catalog config, MeterRegistry metrics) {
        this.config = config;
        this.inFlight = new Semaphore(config.concurrency(), true);
        metrics.gauge("brigade.catalog.queue.waiting", admitted,
                count -> Math.max(0, count.get() - (config.concurrency() - inFlight.availablePermits())));
        this.queueFull = shedCounter(metrics, "queue-full");
        this.waitedTooLong = shedCounter(metrics, "queue-wait");
    }

    /** Runs {@code call} once it is this caller's turn; throws {@link CatalogBusy} if the line is full or too slow. */
    public <T> T call(Supplier<T> call) {
        if (admitted.incrementAndGet() > config.concurrency() + config.queueSize()) {
            admitted.decrementAndGet();
            queueFull.increment();
            throw new CatalogBusy("the line to reserve stock is full (" + config.queueSize() + " waiting)", config.retryAfter());
        }
        if (!awaitTurn()) {
            admitted.decrementAndGet();
            waitedTooLong.increment();
            throw new CatalogBusy("no turn to reserve stock within " + config.queueWait().toMillis() + " ms",
                    config.retryAfter());
        }
        try {
            return call.get();
        } finally {
            inFlight.release();
            admitted.decrementAndGet();
        }
    }

    /** Checkouts in flight at catalog or waiting for their turn. */
    int admitted() {
        return admitted.get();
    }

    private boolean awaitTurn() {
        try {
            return inFlight.tryAcquire(config.queueWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Counter shedCounter(MeterRegistry metrics, String reason) {
        return Counter.builder("brigade.catalog.shed").tag("reason", reason)
                .description("Checkouts turned away before they reached catalog-service").register(metrics);
    }

    /** This replica has more checkouts waiting for catalog than it lets wait: not a failure of catalog. */
    public static class CatalogBusy extends RuntimeException {

        private final Duration retryAfter;

        CatalogBusy(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
