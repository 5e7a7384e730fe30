package dev.brigade.common.metrics;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import org.jboss.logging.Logger;

/**
 * A value a gauge reads from the database, read again at most once per {@code maxAge} however often it is scraped:
 * a service costs its database one query per {@code maxAge} for it, whether one Prometheus scrapes it every second
 * or three. A failed read leaves the gauge without a value (NaN) until the next one succeeds.
 * <p>
 * Register its gauge with {@code strongReference(true)}: Micrometer holds a gauge's object weakly, and the gauge
 * is usually the reading's only holder.
 */
public final class CachedReading<T> {

    private static final Logger LOG = Logger.getLogger(CachedReading.class);

    private final Supplier<T> reader;
    private final long maxAgeNanos;
    private T value;
    private long readAt;
    private boolean everRead;
    /** Only the first failure of a run of them is logged: a scrape every few seconds would repeat it. */
    private boolean failing;

    public CachedReading(Duration maxAge, Supplier<T> reader) {
        this.reader = reader;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The value of the last read, made now if that one is older than {@code maxAge}; empty if it failed. */
    public synchronized Optional<T> get() {
        long now = System.nanoTime();
        if (!everRead || now - readAt >= maxAgeNanos) {
            everRead = true;
            readAt = now;
            try {
                value = reader.get();
                failing = false;
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.warn("A gauge's reading failed; it has no value until a reading succeeds", e);
                }
                failing = true;
                value = null;
            }
        }
        return Optional.ofNullable(value);
    }

    /** A figure of the value for a gauge: NaN, Prometheus's "unknown", while the value cannot be read. */
    public double gauge(ToDoubleFunction<T> figure) {
        return get().map(figure::applyAsDouble).orElse(Double.NaN);
    }
}
