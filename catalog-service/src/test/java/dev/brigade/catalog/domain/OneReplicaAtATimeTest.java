package dev.brigade.catalog.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.brigade.common.retention.OneReplicaAtATime;
import io.quarkus.test.junit.QuarkusTest;

/** The lease every periodic clean-up takes (common's OneReplicaAtATime), on this service's database. */
@Tag("sql")
@QuarkusTest
class OneReplicaAtATimeTest {

    @Inject
    OneReplicaAtATime oneReplica;

    @Test
    void whileOneRunHoldsTheTaskAnotherSkipsItAndAfterwardsItRunsAgain() throws Exception {
        String task = "test-" + UUID.randomUUID();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Integer> first = runUntil(finish, task, Duration.ofMinutes(5), running, 7);
        assertTrue(running.await(30, TimeUnit.SECONDS), "the first run started");

        boolean[] ranTwice = {false};
        assertEquals(0, oneReplica.run(task, Duration.ofMinutes(5), () -> {
            ranTwice[0] = true;
            return 1;
        }), "the second run is skipped");
        assertTrue(!ranTwice[0], "the task did not run twice at once");

        finish.countDown();
        assertEquals(7, first.get(30, TimeUnit.SECONDS));
        assertEquals(3, oneReplica.run(task, Duration.ofMinutes(5), () -> 3), "released: the next round runs");
    }

    @Test
    void aLeaseThatRanOutIsTakenOverAsIfItsReplicaHadDied() throws Exception {
        String task = "test-" + UUID.randomUUID();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Integer> stuck = runUntil(finish, task, Duration.ofMillis(300), running, 1);
        assertTrue(running.await(30, TimeUnit.SECONDS), "the first run started");
        Thread.sleep(600); // past the lease, by the database's clock as well
        try {
            assertEquals(2, oneReplica.run(task, Duration.ofMinutes(5), () -> 2), "the expired lease was taken over");
        } finally {
            finish.countDown();
            stuck.get(30, TimeUnit.SECONDS);
        }
    }

    /** Runs the task on another thread: it says it is running, then holds its turn until {@code finish}. */
    private CompletableFuture<Integer> runUntil(CountDownLatch finish, String task, Duration hold,
            CountDownLatch running, int result) {
        return CompletableFuture.supplyAsync(() -> oneReplica.run(task, hold, () -> {
            running.countDown();
            await(finish);
            return result;
        }));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
