package dev.brigade.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final AtomicInteger begun = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
    private final GroupCommit groupCommit = new GroupCommit(() -> {
        if (begun.incrementAndGet() == 1) {
            awaitQuietly(firstWriteMayEnd);
        }
        finished.incrementAndGet();
    });

    @Test
    void callersWhoAskDuringAWriteShareTheNextOne() throws InterruptedException {
        Thread first = Thread.ofPlatform().start(this::awaitNow);
        while (begun.get() < 1) {
            Thread.onSpinWait();
        }
        List<Thread> later = new ArrayList<>();
        List<Integer> finishedWhenReturned = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            later.add(Thread.ofPlatform().start(() -> {
                awaitNow();
                synchronized (finishedWhenReturned) {
                    finishedWhenReturned.add(finished.get());
                }
            }));
        }
        for (Thread caller : later) {
            // Asked, and queued behind the first write (or, if it did not wait, already done: the asserts tell).
            while (caller.isAlive() && caller.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }

        firstWriteMayEnd.countDown();
        first.join();
        for (Thread caller : later) {
            caller.join();
        }

        assertEquals(2, finished.get(), "the five who asked during the first write shared one more write");
        // What they committed before asking may have missed the first write: none returned before the second ended.
        assertTrue(finishedWhenReturned.stream().allMatch(count -> count == 2), finishedWhenReturned.toString());
    }

    @Test
    void aCallerAfterAFinishedWriteGetsAWriteOfItsOwn() {
        firstWriteMayEnd.countDown();
        awaitNow();
        awaitNow();
        awaitNow();

        assertEquals(3, finished.get());
    }

    @Test
    void aNumberTakenBeforeSomeoneElsesWriteIsCoveredByIt() {
        firstWriteMayEnd.countDown();
        long number = groupCommit.ask(); // the relay's, right after a checkout committed
        awaitNow();                      // the checkout's own write, asked for after it

        groupCommit.await(number);

        assertEquals(1, finished.get(), "the relay waited for the checkout's write and wrote nothing itself");
    }

    /** As StoredNow.await(): a number for what is committed now, and a write that covers it. */
    private void awaitNow() {
        groupCommit.await(groupCommit.ask());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
