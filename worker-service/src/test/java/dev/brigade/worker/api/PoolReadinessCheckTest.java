package dev.brigade.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.worker.pool.ExitAtOnceMain;
import dev.brigade.worker.pool.JobRequest;
import dev.brigade.worker.pool.PoolConfig;
import dev.brigade.worker.pool.WarmUpJobs;
import dev.brigade.worker.pool.WorkerPool;

/** What {@code /q/health/ready} says while the children start and warm up. Waits are generous: the machine is shared. */
class PoolReadinessCheckTest {

    private static final Duration LIMIT = Duration.ofMinutes(10);
    private WorkerPool pool;

    @AfterEach
    void shutdown() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    @Test
    void downWhileNoChildIsReady() {
        pool = started(PoolConfig.defaults().withSize(1).withMainClass(ExitAtOnceMain.class.getName())
                .withRestartDelays(Duration.ofMillis(100), Duration.ofMillis(100)));
        HealthCheckResponse response = new PoolReadinessCheck(pool, Duration.ZERO).call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals(0L, response.getData().orElseThrow().get("readyWorkers"));
        assertEquals("no child is ready", response.getData().orElseThrow().get("reason"));
    }

    @Test
    void downWithTheReasonWhileAChildRunsItsWarmUp() throws Exception {
        JobRequest endless = new JobRequest("warm-up", "sleep", new ObjectMapper().readTree("{\"millis\":600000}"));
        pool = started(PoolConfig.defaults().withSize(1).withWarmUpJob(endless));
        PoolReadinessCheck check = new PoolReadinessCheck(pool, LIMIT);

        Map<String, Object> data = check.call().getData().orElseThrow();
        assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
        assertEquals("warming up (at most 600 s after start): children", data.get("reason"));
        assertEquals("waiting: 0 of 1 ready (each renders a warm-up invoice first)", data.get("children"));
        assertEquals("warm", data.get("children-aot-cache"), "this pool has no AOT cache to write");
    }

    @Test
    void upOnceEveryChildHasRenderedItsWarmUpInvoice() {
        pool = started(PoolConfig.defaults().withSize(2).withWarmUpJob(WarmUpJobs.invoice("warm-up")));
        PoolReadinessCheck check = new PoolReadinessCheck(pool, LIMIT);
        await(() -> check.call().getStatus() == HealthCheckResponse.Status.UP);

        Map<String, Object> data = check.call().getData().orElseThrow();
        assertEquals("warm", data.get("reason"));
        assertEquals("warm", data.get("children"));
        assertEquals(2L, data.get("readyWorkers"));
    }

    private static WorkerPool started(PoolConfig config) {
        WorkerPool pool = new WorkerPool(config);
        pool.start();
        return pool;
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not UP within 90 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
