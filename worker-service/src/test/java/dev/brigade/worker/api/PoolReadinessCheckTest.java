package dev.brigade.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import dev.brigade.worker.pool.PoolConfig;
import dev.brigade.worker.pool.WorkerPool;
import dev.brigade.worker.pool.ExitAtOnceMain;

class PoolReadinessCheckTest {

    @Test
    void downWhileNoChildIsReady() {
        try (WorkerPool pool = new WorkerPool(PoolConfig.defaults().withSize(1)
                .withMainClass(ExitAtOnceMain.class.getName())
                .withRestartDelays(Duration.ofMillis(100), Duration.ofMillis(100)))) {
            pool.start();
            HealthCheckResponse response = new PoolReadinessCheck(pool).call();
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertEquals(0L, response.getData().orElseThrow().get("readyWorkers"));
        }
    }
}
