package dev.brigade.order.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;

import dev.brigade.common.store.StoredNow;

/**
 * The invoice job messages checkouts just committed, handed to the relay's invoice lane in memory, each with the
 * {@link StoredNow#mark()} taken right after its commit; at most {@link #CAPACITY} wait so, the rest wait in the
 * database for a poll.
 * <p>
 * While the shop is busy (the last take found more than one message) a take first waits {@code linger} for the
 * checkouts still under way, so that more orders share the request to worker-service (a token check, a commit and a
 * write of the file on each side): at 75 orders/s the relay's passes otherwise carry 1.4–1.7 jobs each
 * (bench/README.md, 2026-12-07, "invoice jobs many to a request"). A lone order at a quiet time goes at once.
 */
final class HandedOverInvoices {

    static final int CAPACITY = 256;

    private final LinkedBlockingQueue<Handed> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Duration linger;
    /** Read and written by the lane's thread only. */
    private boolean busy;

    HandedOverInvoices(Duration linger) {
        this.linger = linger;
    }

    private record Handed(OutboxMessage message, long mark) {
    }

    /** The messages taken together, and the mark the file must cover before they may leave. */
    record Taken(List<OutboxMessage> messages, long mark) {
    }

    /** False when {@link #CAPACITY} wait already: this one waits for a poll. */
    boolean offer(OutboxMessage message, long mark) {
        return queue.offer(new Handed(message, mark));
    }

    /** What was handed over since the last take (none: an empty list), after the linger when the shop is busy. */
    Taken take() {
        if (busy && !linger.isZero()) {
            try {
                Thread.sleep(linger);
            } catch (InterruptedException e) { // the service stops: take what is there
                Thread.currentThread().interrupt();
            }
        }
        List<Handed> handed = new ArrayList<>();
        queue.drainTo(handed);
        busy = handed.size() > 1;
        return new Taken(handed.stream().map(Handed::message).toList(),
                handed.stream().mapToLong(Handed::mark).max().orElse(0));
    }

    /** Forgets these messages: a poll read them from the database already. */
    void forget(Set<Long> ids) {
        queue.removeIf(handed -> ids.contains(handed.message().id));
    }
}
