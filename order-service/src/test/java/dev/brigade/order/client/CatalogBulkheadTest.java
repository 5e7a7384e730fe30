package dev.brigade.order.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.brigade.order.config.OrderConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The line in front of catalog, without Quarkus: who gets a turn, who waits, who is turned away, and when. */
class CatalogBulkheadTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch catalogAnswers = new CountDownLatch(1);

    @AfterEach
    void stop() {
        catalogAnswers.countDown();
        callers.shutdownNow();
    }

    @Test
    void whenTheLineIsFullTheNextCallerIsTurnedAwayAtOnceAndNoneOfTheOthersIs() throws Exception {
        CatalogBulkhead line = bulkhead(1, 2, Duration.ofMinutes(1));
        List<CompletableFuture<String>> admitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            admitted.add(callAsync(line, "call " + i));
        }
        awaitWaiting(line, 3);

        CatalogBulkhead.CatalogBusy busy = assertThrows(CatalogBulkhead.CatalogBusy.class, () -> line.call(() -> "one too many"));
        assertEquals(Duration.ofSeconds(2), busy.retryAfter());

        catalogAnswers.countDown();
        for (int i = 0; i < 3; i++) {
            assertEquals("call " + i, admitted.get(i).get(30, TimeUnit.SECONDS));
        }
        assertEquals("after the burst", line.call(() -> "after the burst"), "the line is free again");
    }

    @Test
    void aCallerWhoseTurnDoesNotComeWithinTheQueueWaitIsTurnedAway() throws Exception {
        CatalogBulkhead line = bulkhead(1, 5, Duration.ofMillis(200));
        CompletableFuture<String> slow = callAsync(line, "slow");
        awaitWaiting(line, 1);

        assertThrows(CatalogBulkhead.CatalogBusy.class, () -> line.call(() -> "waited too long"));
        catalogAnswers.countDown();
        assertEquals("slow", slow.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aFailedCallGivesItsTurnBack() {
        CatalogBulkhead line = bulkhead(1, 0, Duration.ofMillis(100));
        assertThrows(IllegalStateException.class, () -> line.call(() -> {
            throw new IllegalStateException("catalog failed");
        }));
        assertEquals("next", line.call(() -> "next"));
    }

    private CompletableFuture<String> callAsync(CatalogBulkhead line, String result) {
        return CompletableFuture.supplyAsync(() -> line.call(() -> {
            try {
                catalogAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result;
        }), callers);
    }

    private static void awaitWaiting(CatalogBulkhead line, int admitted) throws InterruptedException {
        while (line.admitted() < admitted) {
            Thread.sleep(5);
        }
    }

    private static CatalogBulkhead bulkhead(int concurrency, int queueSize, Duration queueWait) {
        return new CatalogBulkhead(new OrderConfig.Catalog() {
            @Override
            public int concurrency() {
                return concurrency;
            }

            @Override
            public int queueSize() {
                return queueSize;
            }

            @Override
            public Duration queueWait() {
                return queueWait;
            }

            @Override
            public Duration retryAfter() {
                return Duration.ofSeconds(2);
            }
        }, new SimpleMeterRegistry());
    }
}
