package dev.brigade.worker.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.brigade.common.metrics.CachedReading;
import dev.brigade.worker.child.JobHandler;
import dev.brigade.worker.child.JobHandlers;
import dev.brigade.worker.config.WorkerConfig;
import dev.brigade.worker.jobs.Job;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;

/**
 * The job queue's metrics, by job type (README, "Observability"). Queued jobs are the database's: every replica
 * claims from the one queue, so each reports the same figure, read at most once per
 * {@code brigade.metrics.database-reading-max-age}. Running jobs, outcomes and times are this instance's, kept by
 * the code that changes them. A type's meters exist from start-up for the types on the class path (0 until used),
 * and from its first job for a type only a child offers; types are a small set the API checks submissions against.
 */
@ApplicationScoped
@Startup
public class JobMetrics {

    private final MeterRegistry registry;
    private final CachedReading<Map<String, Long>> queued;
    private final Map<String, OfType> types = new ConcurrentHashMap<>();

    JobMetrics(MeterRegistry registry, WorkerConfig config,
               @ConfigProperty(name = "brigade.metrics.database-reading-max-age") Duration readingMaxAge) {
        this.registry = registry;
        this.queued = new CachedReading<>(readingMaxAge, () -> QuarkusTransaction.requiringNew().call(Job::queuedByType));
        for (JobHandler handler : JobHandlers.all()) {
            if (config.jobs().diagnosticTypes() || !handler.diagnostic()) {
                of(handler.type());
            }
        }
    }

    /** A job was claimed; the first claim ends its wait in the queue. */
    public void claimed(String type, int attempt, Duration sinceSubmitted) {
        if (attempt == 1) {
            of(type).queueWait.record(sinceSubmitted.isNegative() ? Duration.ZERO : sinceSubmitted);
        }
    }

    /** A job handed to this instance's pool; {@link Run#ended()} when its run ends, whatever the outcome. */
    public Run started(String type) {
        OfType meters = of(type);
        meters.running.incrementAndGet();
        return new Run(meters, System.nanoTime());
    }

    public void succeeded(String type) {
        of(type).succeeded.increment();
    }

    public void failed(String type) {
        of(type).failed.increment();
    }

    /** One run of a job on this instance. */
    public static final class Run {
        private final OfType meters;
        private final long startedAt;

        private Run(OfType meters, long startedAt) {
            this.meters = meters;
            this.startedAt = startedAt;
        }

        public void ended() {
            meters.running.decrementAndGet();
            meters.run.record(Duration.ofNanos(System.nanoTime() - startedAt));
        }
    }

    private OfType of(String type) {
        return types.computeIfAbsent(type, OfType::new);
    }

    private final class OfType {
        final AtomicInteger running = new AtomicInteger();
        final Counter succeeded;
        final Counter failed;
        final Timer queueWait;
        final Timer run;

        OfType(String type) {
            Gauge.builder("brigade.jobs.queued", queued, reading -> reading.gauge(counts -> counts.getOrDefault(type, 0L)))
                    .description("Jobs waiting in the queue for a child, of all replicas").tag("type", type)
                    .strongReference(true).register(registry);
            Gauge.builder("brigade.jobs.running", running, AtomicInteger::get)
                    .description("Jobs running in this instance's children").tag("type", type).register(registry);
            succeeded = Counter.builder("brigade.jobs.succeeded").description("Jobs that ended SUCCEEDED")
                    .tag("type", type).register(registry);
            failed = Counter.builder("brigade.jobs.failed")
                    .description("Jobs that ended FAILED (after their last attempt)").tag("type", type).register(registry);
            queueWait = Histograms.withBuckets("brigade.job.queue.wait",
                            "From a job's submission to its first claim by a replica", 0.1, 0.5, 1, 5, 15, 60, 300)
                    .tag("type", type).register(registry);
            run = Histograms.withBuckets("brigade.job.run",
                            "From a job's claim to the end of its run, retries on other children included",
                            0.5, 1, 2, 5, 15, 60, 120)
                    .tag("type", type).register(registry);
        }
    }
}
