package dev.brigade.worker.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.brigade.process.AotCache;
import dev.brigade.process.ChildClasspath;
import dev.brigade.process.ExitStatus;
import dev.brigade.process.ForkedChild;
import dev.brigade.process.Signal;
import dev.brigade.worker.protocol.Message;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/**
 * The brigade: a fixed number of forked child JVMs ({@code dev.brigade.worker.child.ChildMain}), each running one
 * job at a time, supervised — readiness handshake, heartbeat, per-job timeout, restart with back-off, retries.
 * <p>
 * Use: {@link #submit} a job and get its {@link JobOutcome}; ask {@link #freeCapacity()} (or register
 * {@link #onCapacity}) to hand over only as many jobs as there are idle children. A job that cannot be finished
 * by a child (timeout, child died) is retried on another child up to {@code maxAttempts}, then FAILED with the
 * reason; a handler's own error FAILS at once. Nothing is dropped: every submitted job's stage completes, either
 * with an outcome or — only when the pool shuts down before finishing it — exceptionally with a
 * {@link RejectedExecutionException}, so a durable queue can run it again later.
 * <p>
 * The parts: one {@link ChildSupervisor} per slot (its child's life), the {@link PoolDispatcher} (the queue and
 * the retries), the {@link ChildAotTrainer} (the children's AOT cache); all of them on one supervisor thread
 * ({@link PoolContext}).
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final PoolContext pool;
    private final List<ChildSupervisor> slots = new ArrayList<>();
    private final PoolDispatcher dispatcher;
    private final Path aotCache;
    private final ChildAotTrainer aotTrainer;
    /** Set once the cache was written or checked; children started before that start without it. */
    private volatile boolean aotCacheUsable;
    /** Set once the cache was written, checked or given up on: no training child or cache assembly runs any more. */
    private volatile boolean aotCacheSettled;

    /** A pool whose jobs are not traced. */
    public WorkerPool(PoolConfig config) {
        this(config, OpenTelemetry.noop().getTracer(WorkerPool.class.getName()));
    }

    /** A pool that records a traced job's attempts, and its children's spans, with {@code tracer}. */
    public WorkerPool(PoolConfig config, Tracer tracer) {
        if (config.size() < 1) {
            throw new IllegalArgumentException("worker.pool.size must be at least 1");
        }
        String classpath = config.classpath() != null ? config.classpath() : ChildClasspath.detect(config.mainClass());
        this.aotCache = config.aotCacheDir() == null ? null
                : AotCache.cacheFor(config.aotCacheDir(), classpath, config.jvmOptions());
        this.aotTrainer = aotCache == null ? null : new ChildAotTrainer(config, classpath, aotCache);
        this.pool = new PoolContext(config, tracer, classpath, this::childJvmOptions);
        this.dispatcher = new PoolDispatcher(pool, slots);
    }

    /** Forks the children and starts the heartbeat. */
    public void start() {
        if (aotTrainer != null) {
            pool.senders.execute(() -> {
                try {
                    aotCacheUsable = aotTrainer.prepare(pool.senders);
                } finally {
                    aotCacheSettled = true;
                }
            });
        } else {
            aotCacheSettled = true;
        }
        pool.supervisor.execute(() -> {
            for (int i = 0; i < pool.config.size(); i++) {
                ChildSupervisor slot = new ChildSupervisor(i, pool, dispatcher);
                slots.add(slot);
                slot.start();
            }
        });
        long beat = pool.config.heartbeatInterval().toMillis();
        pool.supervisor.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues a job for the next idle child. The stage completes with the outcome (SUCCEEDED or FAILED), or
     * exceptionally with {@link RejectedExecutionException} when the pool is shutting down.
     */
    public CompletionStage<JobOutcome> submit(JobRequest request, ProgressListener listener) {
        CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
        if (pool.closed) {
            outcome.completeExceptionally(new RejectedExecutionException("the worker pool is shutting down"));
            return outcome;
        }
        PendingJob job = new PendingJob(request, listener == null ? ProgressListener.NONE : listener, outcome);
        try {
            pool.supervisor.execute(() -> dispatcher.submit(job));
        } catch (RejectedExecutionException e) {
            outcome.completeExceptionally(new RejectedExecutionException("the worker pool has shut down"));
        }
        return outcome;
    }

    /** Idle children minus queued jobs: how many more jobs would start at once. */
    public int freeCapacity() {
        return Math.max(0, dispatcher.idle() - dispatcher.queued());
    }

    /** Children that are ready (idle or busy). */
    public int readyWorkers() {
        return dispatcher.idle() + dispatcher.busy();
    }

    /**
     * False while a training child or the JVM's assembly of the children's AOT cache may still run (the first start
     * of a build): work that competes with the first jobs for the CPU.
     */
    public boolean aotCacheSettled() {
        return aotCacheSettled;
    }

    /** Children running a job. */
    public int busyWorkers() {
        return dispatcher.busy();
    }

    /** The job types the children run, as they said in their handshakes: empty until the first child is ready. */
    public Map<String, Message.OfferedType> jobTypes() {
        return dispatcher.offeredTypes();
    }

    /** Hears every child's start and loss; set it before {@link #start()} to hear the first children too. */
    public void onChildLifecycle(ChildLifecycleListener listener) {
        pool.lifecycle = listener;
    }

    /** Called (on the events thread) whenever a child becomes idle with nothing queued. */
    public void onCapacity(Runnable listener) {
        dispatcher.onCapacity(listener);
    }

    public PoolConfig config() {
        return pool.config;
    }

    public PoolSnapshot snapshot() {
        return pool.ask(() -> {
            long now = System.nanoTime();
            List<WorkerSnapshot> workers = new ArrayList<>();
            long jobsDone = 0;
            long restarts = 0;
            for (ChildSupervisor slot : slots) {
                workers.add(slot.snapshot(now));
                jobsDone += slot.jobsDone();
                restarts += slot.restarts();
            }
            return new PoolSnapshot(slots.size(), readyWorkers(), dispatcher.idle(), dispatcher.busy(),
                    dispatcher.queued(), jobsDone, restarts, workers);
        });
    }

    /**
     * Graceful shutdown: stop taking jobs, let running ones finish within the grace period, ask the children to
     * exit (close their stdin), then kill whatever is left.
     */
    public void shutdown() {
        if (pool.closed) {
            return;
        }
        pool.closed = true;
        pool.supervisor.execute(dispatcher::rejectQueued);
        long deadline = System.nanoTime() + pool.config.shutdownGrace().toNanos();
        while (dispatcher.busy() > 0 && System.nanoTime() < deadline) {
            sleep(20);
        }
        List<CompletableFuture<ExitStatus>> exits = new ArrayList<>();
        onSupervisor(() -> slots.stream().map(ChildSupervisor::child).filter(c -> c != null && c.isAlive())
                .forEach(child -> {
                    exits.add(child.exit().exceptionally(e -> null));
                    child.disconnect();
                }));
        if (!allExited(exits)) {
            onSupervisor(() -> slots.stream().map(ChildSupervisor::child).filter(c -> c != null && c.isAlive())
                    .forEach(child -> {
                        LOG.warnf("child %d did not exit after its channel closed; killing it", child.pid());
                        child.kill(Signal.SIGKILL);
                    }));
            if (!allExited(exits)) {
                LOG.warn("some children did not report their exit");
            }
        }
        onSupervisor(() -> {
            for (ChildSupervisor slot : slots) {
                PendingJob running = slot.stop();
                if (running != null) {
                    running.reject(pool, "the worker pool shut down while the job ran");
                }
            }
            dispatcher.changed();
        });
        pool.shutdownThreads();
    }

    @Override
    public void close() {
        shutdown();
    }

    /** The restart delays a slot went through, oldest first (the last 16). */
    List<Duration> restartDelays(int slot) {
        return pool.ask(() -> slots.get(slot).delays());
    }

    /** The current child of a slot (tests kill it). */
    ForkedChild child(int slot) {
        return pool.ask(() -> slots.get(slot).child());
    }

    private List<String> childJvmOptions() {
        return aotCacheUsable ? AotCache.useOptions(pool.config.jvmOptions(), aotCache) : pool.config.jvmOptions();
    }

    private void heartbeat() {
        long now = System.nanoTime();
        slots.forEach(slot -> slot.heartbeat(now));
    }

    private void onSupervisor(Runnable task) {
        try {
            pool.supervisor.submit(task).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("worker pool supervisor did not answer during shutdown", e);
        }
    }

    private static boolean allExited(List<CompletableFuture<ExitStatus>> exits) {
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
