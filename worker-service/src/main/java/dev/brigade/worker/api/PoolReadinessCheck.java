package dev.brigade.worker.api;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.brigade.common.health.WarmUp;
import dev.brigade.worker.config.WorkerConfig;
import dev.brigade.worker.pool.WorkerPool;
import io.quarkus.runtime.Startup;

/**
 * {@code /q/health/ready}: after a start, DOWN until every child is ready (each has rendered its warm-up invoice)
 * and no training child or assembly of the children's AOT cache competes with the first jobs for the CPU, at most
 * {@code worker.readiness.warm-up-limit} after start; the answer says what it waits for. From then on, DOWN only
 * while no child at all is ready (all of them restarting).
 */
@Startup
@Readiness
@ApplicationScoped
public class PoolReadinessCheck implements HealthCheck {

    static final String CHILDREN = "children";
    static final String CHILDREN_AOT_CACHE = "children-aot-cache";

    private final WorkerPool pool;
    private final WarmUp warmUp;

    @Inject
    PoolReadinessCheck(WorkerPool pool, WorkerConfig config) {
        this(pool, config.readiness().warmUpLimit());
    }

    PoolReadinessCheck(WorkerPool pool, Duration warmUpLimit) {
        this.pool = pool;
        this.warmUp = new WarmUp(warmUpLimit, List.of(CHILDREN, CHILDREN_AOT_CACHE));
    }

    @Override
    public HealthCheckResponse call() {
        int ready = pool.readyWorkers();
        int size = pool.config().size();
        if (ready == size) {
            warmUp.warm(CHILDREN);
        } else {
            warmUp.waiting(CHILDREN, ready + " of " + size + " ready (each renders a warm-up invoice first)");
        }
        if (pool.aotCacheSettled()) {
            warmUp.warm(CHILDREN_AOT_CACHE);
        } else {
            warmUp.waiting(CHILDREN_AOT_CACHE, "a training child is writing the children's AOT cache");
        }
        WarmUp.Status status = warmUp.status();
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("worker-pool")
                .status(status.up() && ready > 0)
                .withData("readyWorkers", ready).withData("size", size)
                .withData("reason", ready == 0 && status.up() ? "no child is ready" : status.reason());
        status.parts().forEach(answer::withData);
        return answer.build();
    }
}
