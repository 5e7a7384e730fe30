package dev.brigade.common.health;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a service warms before it says it is ready, so that its first request is served as promptly as its
 * hundredth: each part is waiting (with the reason) or warm, and a part once warm stays warm. A readiness check
 * turns {@link #status()} into its answer: DOWN while a part waits, until {@code limit} has passed since the
 * service started; after that UP anyway, saying which parts it stopped waiting for and why. So a dependency that
 * never answers delays a service's readiness by the limit at most, never for good.
 */
public final class WarmUp {

    /** The readiness answer: {@code up}, one line saying why, and each part as {@code warm} or what it waits for. */
    public record Status(boolean up, String reason, Map<String, String> parts) {
    }

    private final Duration limit;
    private final LongSupplier nanoClock;
    private final long startedAt;
    private final Map<String, String> waiting = new LinkedHashMap<>();
    private final List<String> parts;

    public WarmUp(Duration limit, Collection<String> parts) {
        this(limit, parts, System::nanoTime);
    }

    WarmUp(Duration limit, Collection<String> parts, LongSupplier nanoClock) {
        this.limit = limit;
        this.nanoClock = nanoClock;
        this.startedAt = nanoClock.getAsLong();
        this.parts = List.copyOf(parts);
        this.parts.forEach(part -> waiting.put(part, "not started yet"));
    }

    /** The part is not warm yet, for this reason (ignored once it was warm). */
    public synchronized void waiting(String part, String reason) {
        if (waiting.containsKey(part)) {
            waiting.put(part, reason);
        }
    }

    public synchronized void warm(String part) {
        waiting.remove(part);
    }

    /** Every part is warm. */
    public synchronized boolean done() {
        return waiting.isEmpty();
    }

    /** The limit has passed: readiness no longer waits. */
    public boolean expired() {
        return nanoClock.getAsLong() - startedAt >= limit.toNanos();
    }

    public Duration limit() {
        return limit;
    }

    public synchronized Status status() {
        Map<String, String> each = new LinkedHashMap<>();
        parts.forEach(part -> each.put(part, waiting.containsKey(part) ? "waiting: " + waiting.get(part) : "warm"));
        if (waiting.isEmpty()) {
            return new Status(true, "warm", each);
        }
        if (expired()) {
            return new Status(true, "stopped waiting after " + seconds(limit) + " for " + String.join(", ",
                    waiting.keySet()) + " (the first requests that need it may be slow)", each);
        }
        return new Status(false, "warming up (at most " + seconds(limit) + " after start): " + String.join(", ",
                waiting.keySet()), each);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
