package dev.brigade.order.domain;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lane of the outbox relay: its own thread, and one pass at a time. A nudge asks for a pass soon (many nudges
 * before it runs make one pass); the schedule's poll runs one unless one is running. The relay keeps invoice jobs and
 * stock messages in two lanes, so that an invoice never waits behind a stock message: in one lane for all, each
 * pass ended with the stock messages' round trips to catalog, one at a time, and the invoices of the orders placed
 * meanwhile waited for the next pass. In a fresh start, with 150-250 ms per round trip, at 10 orders a second that
 * wait grew to six seconds (bench/README.md, 2026-12-07, "a fresh start, hop by hop").
 */
final class OutboxLane {

    private final Runnable pass;
    private final ReentrantLock draining = new ReentrantLock();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private final ExecutorService thread;

    OutboxLane(String name, Runnable pass) {
        this.pass = pass;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name(name).daemon().factory());
    }

    void nudge() {
        if (nudged.compareAndSet(false, true)) {
            thread.execute(() -> {
                nudged.set(false);
                draining.lock();
                try {
                    pass.run();
                } finally {
                    draining.unlock();
                }
            });
        }
    }

    void passUnlessBusy() {
        if (draining.tryLock()) {
            try {
                pass.run();
            } finally {
                draining.unlock();
            }
        }
    }

    void stop() {
        thread.shutdownNow();
    }
}
