package dev.brigade.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CachedReadingTest {

    @Test
    void scrapesWithinMaxAgeShareOneRead() {
        AtomicInteger reads = new AtomicInteger();
        CachedReading<Integer> reading = new CachedReading<>(Duration.ofDays(1), reads::incrementAndGet);

        for (int scrape = 0; scrape < 5; scrape++) {
            assertEquals(1.0, reading.gauge(Integer::doubleValue));
        }
        assertEquals(1, reads.get());
    }

    @Test
    void aReadingOlderThanMaxAgeIsReadAgain() {
        AtomicInteger reads = new AtomicInteger();
        CachedReading<Integer> reading = new CachedReading<>(Duration.ZERO, reads::incrementAndGet);

        reading.get();
        reading.get();
        assertEquals(3.0, reading.gauge(Integer::doubleValue));
    }

    @Test
    void aFailedReadLeavesTheGaugeUnknownUntilTheNextOneSucceeds() {
        AtomicInteger reads = new AtomicInteger();
        CachedReading<Integer> reading = new CachedReading<>(Duration.ZERO, () -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("the database is away");
            }
            return 7;
        });

        assertTrue(Double.isNaN(reading.gauge(Integer::doubleValue)));
        assertEquals(7.0, reading.gauge(Integer::doubleValue));
    }
}
