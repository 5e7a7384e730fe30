package dev.brigade.worker.jobs;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.common.tracing.StoredTrace;
import dev.brigade.worker.child.Artifact;
import dev.brigade.worker.config.WorkerConfig;
import dev.brigade.worker.metrics.JobMetrics;
import dev.brigade.worker.pool.JobOutcome;
import dev.brigade.worker.pool.JobRequest;
import dev.brigade.worker.pool.ProgressListener;
import dev.brigade.worker.pool.WorkerPool;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Moves queued jobs from the database to idle children: claims only as many as the pool can start, records each
 * start, progress and outcome, and holds a renewed lease on what it claimed. Runs on one thread; it is nudged
 * after a submission, when a child becomes idle, and on a schedule (jobs queued by other replicas or re-queued).
 * <p>
 * A job's run is a span in the trace it was submitted in, a child of the submitting span (not a link to a trace of
 * its own): an invoice is part of the checkout that asked for it, and one trace then shows the queue's wait as the
 * gap before the run, and the run itself, from the claim to its recorded outcome. Under it the pool records each
 * attempt ({@code child run <type>}) and the child's own spans.
 */
@ApplicationScoped
public class JobDispatcher {

    private static final Logger LOG = Logger.getLogger(JobDispatcher.class);
    private static final Duration PROGRESS_SAVE_INTERVAL = Duration.ofSeconds(1);

    private final JobStore store;
    private final JobLeases leases;
    private final WorkerPool pool;
    private final ObjectMapper mapper;
    private final Tracer tracer;
    private final JobMetrics metrics;
    private final Duration lease;
    private final int maxAttempts;
    private final String owner = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    /**
     * The jobs this replica handed to its pool and holds leases on, each as its streams last saw it; a job leaves
     * once its end is recorded.
     */
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
    /**
     * The jobs handed to the pool whose outcome has not come back yet: at most one per child. A job whose outcome came
     * back leaves this count before its outcome is written, so its child takes the next job meanwhile.
     */
    private final AtomicInteger inPool = new AtomicInteger();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private final ExecutorService loop = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "job-dispatcher");
        thread.setDaemon(true);
        return thread;
    });
    /** When leases were last renewed and checked; the first poll checks at once. */
    private volatile long leaseRenewedAt = System.nanoTime() - Duration.ofDays(1).toNanos();
    private volatile boolean stopped;

    JobDispatcher(JobStore store, JobLeases leases, WorkerPool pool, ObjectMapper mapper, WorkerConfig config,
                  Tracer tracer, JobMetrics metrics) {
        this.store = store;
        this.leases = leases;
        this.pool = pool;
        this.mapper = mapper;
        this.tracer = tracer;
        this.metrics = metrics;
        this.lease = config.jobs().lease();
        this.maxAttempts = config.job().maxAttempts();
    }

    void start(@Observes StartupEvent event) {
        pool.onCapacity(this::nudge);
        nudge();
    }

    /** Asks for a dispatch pass soon; many nudges before it runs make one pass. */
    public void nudge() {
        if (!stopped && nudged.compareAndSet(false, true)) {
            try {
                loop.execute(() -> {
                    nudged.set(false);
                    dispatch();
                });
            } catch (RejectedExecutionException e) {
                nudged.set(false);
            }
        }
    }

    @Scheduled(every = "${worker.jobs.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (stopped) {
            return;
        }
        // Leases are renewed, and other replicas' expired ones looked for, three times per lease rather than at every
        // poll: an expired lease is taken back at most a third of a lease late, and an idle poll is one query.
        if (System.nanoTime() - leaseRenewedAt > lease.toNanos() / 3) {
            leases.renew(owner, Set.copyOf(running.keySet()), lease);
            if (leases.requeueExpired(maxAttempts) > 0) {
                LOG.info("Took back jobs whose lease expired (the replica running them stopped)");
            }
            leaseRenewedAt = System.nanoTime();
        }
        nudge();
    }

    /** No new claims once shutdown starts; the pool's graceful shutdown still records what finishes. */
    void stopClaiming(@Observes ShutdownEvent event) {
        stopped = true;
    }

    @PreDestroy
    void stop() {
        stopped = true;
        loop.shutdown();
    }

    private void dispatch() {
        try {
            int room = Math.min(pool.freeCapacity(), pool.config().size() - inPool.get());
            if (room <= 0 || stopped) {
                return;
            }
            for (JobLeases.Claimed job : leases.claim(room, owner, lease)) {
                run(job);
            }
        } catch (RuntimeException e) {
            LOG.warn("Dispatching jobs failed; the next pass tries again", e);
        }
    }

    private void run(JobLeases.Claimed claimed) {
        String id = claimed.job().id();
        Span span = StoredTrace.continuedBy(tracer, "job " + claimed.job().type(), claimed.traceParent())
                .setAttribute("brigade.job.id", id)
                .setAttribute("brigade.job.type", claimed.job().type())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            JsonNode payload;
            try {
                payload = mapper.readTree(claimed.payload());
            } catch (IOException e) {
                store.fail(id, owner, "the stored payload is not JSON: " + e.getMessage());
                span.setStatus(StatusCode.ERROR, "the stored payload is not JSON");
                span.end();
                return;
            }
            running.put(id, new RunningJob(claimed.job()));
            JobMetrics.Run run = metrics.started(claimed.job().type());
            inPool.incrementAndGet();
            pool.submit(new JobRequest(id, claimed.job().type(), payload, span.getSpanContext()), progressListener())
                    .whenComplete((outcome, failure) -> {
                        // The child is free: the next job is claimed and started while this one's end is written.
                        inPool.decrementAndGet();
                        nudge();
                        try (Scope inJob = span.makeCurrent()) {
                            record(id, outcome, failure, span);
                        } catch (RuntimeException e) {
                            LOG.errorf(e, "Could not record the end of job %s; its lease will expire and it runs again", id);
                        } finally {
                            span.end();
                            run.ended();
                            running.remove(id);
                        }
                    });
        }
    }

    private void record(String jobId, JobOutcome outcome, Throwable failure, Span span) {
        boolean recorded;
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, "queued again: " + failure.getMessage());
            recorded = store.release(jobId, owner, "queued again: " + failure.getMessage());
        } else if (outcome.succeeded()) {
            recorded = store.succeed(jobId, owner, output(outcome));
        } else {
            span.setStatus(StatusCode.ERROR, outcome.error());
            recorded = store.fail(jobId, owner, outcome.error());
        }
        if (!recorded) {
            LOG.warnf("Job %s ended here after this replica lost its lease; the outcome of the run that holds it stands",
                    jobId);
        }
    }

    /** The job's output as the file served at /api/jobs/{id}/result: an artifact as it is, JSON as result.json. */
    private Artifact output(JobOutcome outcome) {
        JsonNode result = outcome.result();
        if (result == null || result.isNull()) {
            return null;
        }
        try {
            return outcome.artifact() ? mapper.treeToValue(result, Artifact.class)
                    : new Artifact("result.json", "application/json", mapper.writeValueAsBytes(result));
        } catch (IOException e) {
            throw new IllegalStateException("the job's result could not be read: " + e.getMessage(), e);
        }
    }

    private ProgressListener progressListener() {
        return new ProgressListener() {
            /** The claim counted the first attempt; only the pool's retries are written. */
            @Override
            public void started(String jobId, int attempt, long pid) {
                RunningJob job = running.get(jobId);
                if (job == null) {
                    return;
                }
                if (attempt == 1) {
                    job.view = job.view.withProgress(0, "running in child " + pid);
                    store.announce(job.view);
                } else {
                    store.restarted(jobId, owner, pid).ifPresent(view -> job.view = view);
                }
            }

            /** Streams see every step at once; the row is written at most once per PROGRESS_SAVE_INTERVAL. */
            @Override
            public void progress(String jobId, int percent, String message) {
                RunningJob job = running.get(jobId);
                if (job == null) {
                    return;
                }
                job.view = job.view.withProgress(Math.max(0, Math.min(100, percent)), message);
                store.announce(job.view);
                long now = System.nanoTime();
                if (now - job.savedAt >= PROGRESS_SAVE_INTERVAL.toNanos()) {
                    job.savedAt = now;
                    store.saveProgress(jobId, owner, job.view.progress(), message);
                }
            }

            @Override
            public void retrying(String jobId, int failedAttempt, String reason) {
                store.retrying(jobId, owner, failedAttempt, reason);
            }
        };
    }

    /** A job running here as its event streams last saw it, and when its progress was last written. */
    private static final class RunningJob {
        volatile JobView view;
        volatile long savedAt = System.nanoTime();

        RunningJob(JobView view) {
            this.view = view;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "worker";
        }
    }
}
