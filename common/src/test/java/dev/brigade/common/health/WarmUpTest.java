package dev.brigade.common.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class WarmUpTest {

    private final AtomicLong now = new AtomicLong();
    private final WarmUp warmUp = new WarmUp(Duration.ofSeconds(30), List.of("catalog-service", "worker-service"),
            now::get);

    @Test
    void downWithEachReasonUntilEveryPartIsWarm() {
        warmUp.waiting("worker-service", "could not be reached: Connection refused");
        warmUp.warm("catalog-service");

        WarmUp.Status status = warmUp.status();
        assertFalse(status.up());
        assertEquals("warming up (at most 30 s after start): worker-service", status.reason());
        assertEquals("warm", status.parts().get("catalog-service"));
        assertEquals("waiting: could not be reached: Connection refused", status.parts().get("worker-service"));

        warmUp.warm("worker-service");
        assertTrue(warmUp.status().up());
        assertEquals("warm", warmUp.status().reason());
        assertTrue(warmUp.done());
    }

    @Test
    void upAfterTheLimitSayingWhatItStoppedWaitingFor() {
        warmUp.warm("catalog-service");
        warmUp.waiting("worker-service", "answered 503");
        now.set(Duration.ofSeconds(30).toNanos());

        WarmUp.Status status = warmUp.status();
        assertTrue(status.up());
        assertTrue(warmUp.expired());
        assertFalse(warmUp.done());
        assertEquals("stopped waiting after 30 s for worker-service (the first requests that need it may be slow)",
                status.reason());
        assertEquals("waiting: answered 503", status.parts().get("worker-service"));
    }

    @Test
    void aWarmPartStaysWarm() {
        warmUp.warm("catalog-service");
        warmUp.waiting("catalog-service", "answered 500");
        assertEquals("warm", warmUp.status().parts().get("catalog-service"));
    }
}
