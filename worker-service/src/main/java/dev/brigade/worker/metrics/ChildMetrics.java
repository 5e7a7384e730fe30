package dev.brigade.worker.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.worker.pool.ChildLifecycleListener;
import dev.brigade.worker.pool.RestartReason;
import dev.brigade.worker.pool.WorkerPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** This instance's children (README, "Observability"): how many are up and busy, why they were replaced, their start. */
@ApplicationScoped
public class ChildMetrics implements ChildLifecycleListener {

    private final MeterRegistry registry;
    private final Map<RestartReason, Counter> restarts = new EnumMap<>(RestartReason.class);
    private final Timer start;

    ChildMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RestartReason reason : RestartReason.values()) {
            restarts.put(reason, Counter.builder("brigade.children.restarts")
                    .description("Children replaced, by why the supervisor replaced them")
                    .tag("reason", reason.label()).register(registry));
        }
        start = Histograms.withBuckets("brigade.child.start",
                "From a child's fork to its ready message", 0.25, 0.5, 1, 2, 5, 10, 30).register(registry);
    }

    /** Reports {@code pool}'s children; call before the pool starts, so its first children are counted too. */
    public void watch(WorkerPool pool) {
        Gauge.builder("brigade.children.alive", pool, WorkerPool::readyWorkers)
                .description("Children ready for a job or running one").register(registry);
        Gauge.builder("brigade.children.busy", pool, WorkerPool::busyWorkers)
                .description("Children running a job").register(registry);
        pool.onChildLifecycle(this);
    }

    @Override
    public void ready(Duration startTime) {
        start.record(startTime);
    }

    @Override
    public void replaced(RestartReason reason) {
        restarts.get(reason).increment();
    }
}
