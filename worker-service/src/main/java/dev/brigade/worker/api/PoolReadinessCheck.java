package dev.brigade.worker.api;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.brigade.worker.pool.WorkerPool;

/** {@code /q/health/ready} is DOWN until at least one child has said it is ready. */
@Readiness
@ApplicationScoped
public class PoolReadinessCheck implements HealthCheck {

    private final WorkerPool pool;

    PoolReadinessCheck(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        int ready = pool.readyWorkers();
        return HealthCheckResponse.named("worker-pool").status(ready > 0)
                .withData("readyWorkers", ready).withData("size", pool.config().size()).build();
    }
}
