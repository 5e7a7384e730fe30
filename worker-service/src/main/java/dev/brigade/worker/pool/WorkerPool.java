package dev.brigade.worker.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.brigade.process.AotCache;
import dev.brigade.process.ChildClasspath;
import dev.brigade.process.ChildProcesses;
import dev.brigade.process.ExitStatus;
import dev.brigade.process.ForkOptions;
import dev.brigade.process.ForkedChild;
import dev.brigade.process.Signal;
import dev.brigade.worker.protocol.Message;
import dev.brigade.worker.protocol.MessageCodec;
import dev.brigade.worker.protocol.ProtocolException;

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
 * All state lives on one supervisor thread; child messages and timers are posted to it. Listener callbacks and
 * outcome completion happen on a separate, single events thread.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PoolConfig config;
    private final ScheduledExecutorService supervisor;
    private final ExecutorService events;
    private final ExecutorService senders;
    private final List<Slot> slots = new ArrayList<>();
    private final Deque<PendingJob> queue = new ArrayDeque<>();
    private final List<Runnable> capacityListeners = new CopyOnWriteArrayList<>();
    private final String classpath;
    private final Path aotCache;
    private final ChildAotTrainer aotTrainer;
    private final MessageCodec codec = new MessageCodec(MAPPER);
    /** Set once the cache was written or checked; children started before that start without it. */
    private volatile boolean aotCacheUsable;
    private volatile boolean closed;
    private volatile int idleCount;
    private volatile int readyCount;
    private volatile int queuedCount;
    private volatile int busyCount;

    public WorkerPool(PoolConfig config) {
        if (config.size() < 1) {
            throw new IllegalArgumentException("worker.pool.size must be at least 1");
        }
        this.config = config;
        this.classpath = config.classpath() != null ? config.classpath() : ChildClasspath.detect(config.mainClass());
        this.aotCache = config.aotCacheDir() == null ? null
                : AotCache.cacheFor(config.aotCacheDir(), classpath, config.jvmOptions());
        this.aotTrainer = aotCache == null ? null : new ChildAotTrainer(config, classpath, aotCache);
        AtomicInteger n = new AtomicInteger();
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "worker-pool-supervisor"));
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "worker-pool-events"));
        this.senders = Executors.newCachedThreadPool(r -> daemon(r, "worker-pool-send-" + n.incrementAndGet()));
    }

    /** Forks the children and starts the heartbeat. */
    public void start() {
        if (aotCache != null) {
            senders.execute(() -> aotCacheUsable = aotTrainer.prepare(senders));
        }
        supervisor.execute(() -> {
            for (int i = 0; i < config.size(); i++) {
                Slot slot = new Slot(i);
                slots.add(slot);
                startChild(slot);
            }
        });
        long beat = config.heartbeatInterval().toMillis();
        supervisor.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues a job for the next idle child. The stage completes with the outcome (SUCCEEDED or FAILED), or
     * exceptionally with {@link RejectedExecutionException} when the pool is shutting down.
     */
    public CompletionStage<JobOutcome> submit(JobRequest request, ProgressListener listener) {
        CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
        if (closed) {
            outcome.completeExceptionally(new RejectedExecutionException("the worker pool is shutting down"));
            return outcome;
        }
        PendingJob job = new PendingJob(request, listener == null ? ProgressListener.NONE : listener, outcome);
        try {
            supervisor.execute(() -> {
                if (closed) {
                    reject(job, "the worker pool is shutting down");
                    return;
                }
                queue.addLast(job);
                dispatch();
            });
        } catch (RejectedExecutionException e) {
            outcome.completeExceptionally(new RejectedExecutionException("the worker pool has shut down"));
        }
        return outcome;
    }

    /** Idle children minus queued jobs: how many more jobs would start at once. */
    public int freeCapacity() {
        return Math.max(0, idleCount - queuedCount);
    }

    /** Children that are ready (idle or busy). */
    public int readyWorkers() {
        return readyCount;
    }

    /** Called (on the events thread) whenever a child becomes idle with nothing queued. */
    public void onCapacity(Runnable listener) {
        capacityListeners.add(listener);
    }

    public PoolConfig config() {
        return config;
    }

    public PoolSnapshot snapshot() {
        try {
            return supervisor.submit(this::snapshotNow).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the worker pool did not answer", e);
        }
    }

    /**
     * Graceful shutdown: stop taking jobs, let running ones finish within the grace period, ask the children to
     * exit (close their stdin), then kill whatever is left.
     */
    public void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        supervisor.execute(() -> {
            PendingJob job;
            while ((job = queue.poll()) != null) {
                reject(job, "the worker pool shut down before the job started");
            }
            updateCounters();
        });
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (busyCount > 0 && System.nanoTime() < deadline) {
            sleep(20);
        }
        List<CompletableFuture<ExitStatus>> exits = new ArrayList<>();
        runOnSupervisor(() -> {
            for (Slot slot : slots) {
                if (slot.child != null && slot.child.isAlive()) {
                    exits.add(slot.child.exit().exceptionally(e -> null));
                    slot.child.disconnect();
                }
            }
        });
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            runOnSupervisor(() -> slots.stream().filter(s -> s.child != null && s.child.isAlive())
                    .forEach(s -> {
                        LOG.warnf("child %d did not exit after its channel closed; killing it", s.child.pid());
                        s.child.kill(Signal.SIGKILL);
                    }));
            try {
                CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                LOG.warn("some children did not report their exit");
            }
        }
        runOnSupervisor(() -> {
            for (Slot slot : slots) {
                if (slot.running != null) {
                    PendingJob running = slot.running.job;
                    slot.running = null;
                    reject(running, "the worker pool shut down while the job ran");
                }
                slot.state = WorkerState.STOPPED;
            }
            updateCounters();
        });
        supervisor.shutdownNow();
        events.shutdown();
        senders.shutdownNow();
    }

    @Override
    public void close() {
        shutdown();
    }

    private List<String> childJvmOptions() {
        return aotCacheUsable ? AotCache.useOptions(config.jvmOptions(), aotCache) : config.jvmOptions();
    }

    // ---- supervisor thread from here on ----

    private void startChild(Slot slot) {
        if (closed) {
            slot.state = WorkerState.STOPPED;
            return;
        }
        slot.state = WorkerState.STARTING;
        slot.killReason = null;
        slot.readyAt = 0;
        slot.startedAt = System.nanoTime();
        ForkOptions options = ForkOptions.defaults().withExecArgv(childJvmOptions())
                .withClasspath(classpath);
        ForkedChild child = ChildProcesses.fork(config.mainClass(), List.of(), options);
        slot.child = child;
        if (child.pid() < 0) {
            LOG.errorf("could not start a child JVM: %s", child.exit().handle((s, e) -> e).join());
        }
        child.onMessage(message -> post(() -> onMessage(slot, child, message)))
                .onError(error -> LOG.warnf("child %d sent a malformed frame: %s", child.pid(), error.getMessage()));
        child.exit().whenComplete((status, failure) -> post(() -> onExit(slot, child, status)));
        long startedAt = slot.startedAt;
        supervisor.schedule(() -> {
            if (slot.child == child && slot.state == WorkerState.STARTING && slot.startedAt == startedAt) {
                kill(slot, "not ready after " + config.readyTimeout().toSeconds() + " s");
            }
        }, config.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        updateCounters();
    }

    private void onMessage(Slot slot, ForkedChild child, JsonNode frame) {
        if (slot.child != child) {
            return;
        }
        Message message;
        try {
            message = codec.decode(frame);
        } catch (ProtocolException e) {
            LOG.warnf("child %d sent a frame that is no message: %s", child.pid(), e.getMessage());
            return;
        }
        switch (message) {
            case Message.Ready ready -> onReady(slot, child, ready);
            case Message.Pong pong -> slot.lastPong = System.nanoTime();
            case Message.Progress progress -> {
                Running running = slot.runningFor(progress.id());
                if (running != null) {
                    fire(() -> running.job.listener.progress(running.job.request.id(), progress.percent(),
                            progress.message()));
                }
            }
            case Message.Result result -> finish(slot, result);
            case Message.Failure failure -> finish(slot, failure);
            case Message.ChannelError error -> LOG.warnf("child %d reports: %s", child.pid(), error.error());
            default -> LOG.warnf("child %d sent a message only a parent sends: %s", child.pid(), frame.path("type"));
        }
    }

    private void onReady(Slot slot, ForkedChild child, Message.Ready ready) {
        if (slot.state != WorkerState.STARTING) {
            return;
        }
        if (ready.protocol() != MessageCodec.PROTOCOL_VERSION) {
            LOG.errorf("child %d speaks protocol version %d, this pool speaks %d: refused (is its class path from"
                    + " another build?)", child.pid(), ready.protocol(), MessageCodec.PROTOCOL_VERSION);
            kill(slot, "protocol version " + ready.protocol() + " instead of " + MessageCodec.PROTOCOL_VERSION);
            return;
        }
        slot.state = WorkerState.IDLE;
        slot.readyAt = System.nanoTime();
        slot.lastPong = slot.readyAt;
        LOG.debugf("child %d ready after %d ms", child.pid(), (slot.readyAt - slot.startedAt) / 1_000_000);
        dispatch();
    }

    private void finish(Slot slot, Message.Job reply) {
        Running running = slot.runningFor(reply.id());
        if (running == null) {
            return;
        }
        running.timeout.cancel(false);
        slot.running = null;
        slot.jobsDone++;
        slot.failuresInARow = 0;
        slot.state = WorkerState.IDLE;
        PendingJob job = running.job;
        JobOutcome outcome = reply instanceof Message.Result result
                ? new JobOutcome(job.request.id(), JobOutcome.Status.SUCCEEDED, result.result(), null, job.attempts)
                : new JobOutcome(job.request.id(), JobOutcome.Status.FAILED, null,
                        ((Message.Failure) reply).error(), job.attempts);
        fire(() -> job.outcome.complete(outcome));
        dispatch();
    }

    private void onExit(Slot slot, ForkedChild child, ExitStatus status) {
        if (slot.child != child) {
            return;
        }
        String reason = slot.killReason != null ? slot.killReason
                : "child " + child.pid() + " exited with " + (status == null ? "a start-up failure" : status);
        if (slot.running != null) {
            Running running = slot.running;
            slot.running = null;
            running.timeout.cancel(false);
            retryOrFail(running.job, reason);
        }
        if (closed) {
            slot.state = WorkerState.STOPPED;
            updateCounters();
            return;
        }
        long now = System.nanoTime();
        if (slot.readyAt != 0 && now - slot.readyAt >= config.restartResetAfter().toNanos()) {
            slot.failuresInARow = 0;
        }
        slot.failuresInARow++;
        Duration delay = config.restartDelay(slot.failuresInARow);
        slot.restarts++;
        slot.recordDelay(delay);
        slot.state = WorkerState.RESTARTING;
        LOG.warnf("%s; starting a new child in %d ms (restart %d)", reason, delay.toMillis(), slot.restarts);
        supervisor.schedule(() -> {
            if (slot.child == child) {
                startChild(slot);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
        updateCounters();
    }

    private void dispatch() {
        while (!queue.isEmpty() && !closed) {
            Slot slot = firstIdle();
            if (slot == null) {
                break;
            }
            run(slot, queue.poll());
        }
        updateCounters();
        if (queue.isEmpty() && idleCount > 0 && !capacityListeners.isEmpty()) {
            fire(() -> capacityListeners.forEach(Runnable::run));
        }
    }

    private void run(Slot slot, PendingJob job) {
        job.attempts++;
        ForkedChild child = slot.child;
        slot.state = WorkerState.BUSY;
        Running running = new Running(job);
        slot.running = running;
        running.timeout = supervisor.schedule(() -> {
            if (slot.running == running) {
                slot.running = null;
                String reason = "timed out after " + config.jobTimeout().toMillis() + " ms on child " + child.pid();
                retryOrFail(job, reason);
                kill(slot, "job " + job.request.id() + " " + reason);
            }
        }, config.jobTimeout().toMillis(), TimeUnit.MILLISECONDS);
        int attempt = job.attempts;
        fire(() -> job.listener.started(job.request.id(), attempt, child.pid()));
        send(child, new Message.StartJob(job.request.id(), job.request.type(), job.request.payload()));
    }

    private void retryOrFail(PendingJob job, String reason) {
        if (closed) {
            reject(job, "the worker pool shut down while the job ran (" + reason + ")");
        } else if (job.attempts < config.maxAttempts()) {
            LOG.warnf("job %s attempt %d failed (%s); retrying", job.request.id(), job.attempts, reason);
            int attempt = job.attempts;
            fire(() -> job.listener.retrying(job.request.id(), attempt, reason));
            queue.addFirst(job);
            dispatch();
        } else {
            JobOutcome outcome = new JobOutcome(job.request.id(), JobOutcome.Status.FAILED, null,
                    "gave up after " + job.attempts + " attempts: " + reason, job.attempts);
            fire(() -> job.outcome.complete(outcome));
        }
    }

    private void kill(Slot slot, String reason) {
        LOG.warnf("killing child %d: %s", slot.child.pid(), reason);
        slot.killReason = reason;
        slot.state = WorkerState.RESTARTING;
        slot.child.process().terminate(Signal.SIGTERM, Duration.ofSeconds(2));
        updateCounters();
    }

    private void heartbeat() {
        long now = System.nanoTime();
        for (Slot slot : slots) {
            if (slot.state != WorkerState.IDLE && slot.state != WorkerState.BUSY) {
                continue;
            }
            if (now - slot.lastPong > config.heartbeatTimeout().toNanos()) {
                LOG.warnf("child %d has not answered a ping for %d ms", slot.child.pid(),
                        (now - slot.lastPong) / 1_000_000);
                slot.killReason = "child " + slot.child.pid() + " stopped answering heartbeats";
                slot.state = WorkerState.RESTARTING;
                slot.child.process().terminate(Signal.SIGKILL, Duration.ZERO);
                updateCounters();
            } else {
                send(slot.child, new Message.Ping(++slot.pingSeq));
            }
        }
    }

    private void send(ForkedChild child, Message message) {
        ObjectNode frame = codec.encode(message);
        senders.execute(() -> {
            try {
                child.send(frame);
            } catch (IllegalStateException e) {
                LOG.debugf("child %d gone before a message reached it; its exit will be handled", child.pid());
            }
        });
    }

    /** Hands a child event to the supervisor; after shutdown there is nobody left to tell. */
    private void post(Runnable event) {
        try {
            supervisor.execute(event);
        } catch (RejectedExecutionException e) {
            LOG.debug("child event after the pool shut down, ignored");
        }
    }

    /** Runs a listener callback or an outcome completion on the events thread; a failing listener is logged. */
    private void fire(Runnable callback) {
        events.execute(() -> {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("a worker pool listener failed", e);
            }
        });
    }

    private Slot firstIdle() {
        for (Slot slot : slots) {
            if (slot.state == WorkerState.IDLE) {
                return slot;
            }
        }
        return null;
    }

    private void reject(PendingJob job, String reason) {
        fire(() -> job.outcome.completeExceptionally(new RejectedExecutionException(reason)));
    }

    private void updateCounters() {
        int idle = 0;
        int busy = 0;
        for (Slot slot : slots) {
            if (slot.state == WorkerState.IDLE) {
                idle++;
            } else if (slot.state == WorkerState.BUSY) {
                busy++;
            }
        }
        idleCount = idle;
        busyCount = busy;
        readyCount = idle + busy;
        queuedCount = queue.size();
    }

    private PoolSnapshot snapshotNow() {
        long now = System.nanoTime();
        List<WorkerSnapshot> workers = new ArrayList<>();
        long jobsDone = 0;
        long restarts = 0;
        for (Slot slot : slots) {
            boolean alive = slot.child != null && slot.state != WorkerState.RESTARTING
                    && slot.state != WorkerState.STOPPED;
            workers.add(new WorkerSnapshot(slot.index, slot.child == null ? -1 : slot.child.pid(), slot.state,
                    slot.jobsDone, slot.restarts, alive ? Duration.ofNanos(now - slot.startedAt) : Duration.ZERO,
                    slot.running == null ? null : slot.running.job.request.id()));
            jobsDone += slot.jobsDone;
            restarts += slot.restarts;
        }
        return new PoolSnapshot(slots.size(), readyCount, idleCount, busyCount, queue.size(), jobsDone, restarts,
                workers);
    }

    /** The restart delays a slot went through, oldest first (the last 16). */
    List<Duration> restartDelays(int slot) {
        try {
            return supervisor.submit(() -> List.copyOf(slots.get(slot).delays)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The current child of a slot (tests kill it). */
    ForkedChild child(int slot) {
        try {
            return supervisor.submit(() -> slots.get(slot).child).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void runOnSupervisor(Runnable task) {
        try {
            supervisor.submit(task).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("worker pool supervisor did not answer during shutdown", e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Slot {
        final int index;
        final Deque<Duration> delays = new ArrayDeque<>();
        ForkedChild child;
        WorkerState state = WorkerState.STARTING;
        Running running;
        long jobsDone;
        int restarts;
        int failuresInARow;
        long startedAt;
        long readyAt;
        long lastPong;
        long pingSeq;
        String killReason;

        Slot(int index) {
            this.index = index;
        }

        Running runningFor(String jobId) {
            return running != null && running.job.request.id().equals(jobId) ? running : null;
        }

        void recordDelay(Duration delay) {
            if (delays.size() == 16) {
                delays.removeFirst();
            }
            delays.addLast(delay);
        }
    }

    private static final class PendingJob {
        final JobRequest request;
        final ProgressListener listener;
        final CompletableFuture<JobOutcome> outcome;
        int attempts;

        PendingJob(JobRequest request, ProgressListener listener, CompletableFuture<JobOutcome> outcome) {
            this.request = request;
            this.listener = listener;
            this.outcome = outcome;
        }
    }

    private static final class Running {
        final PendingJob job;
        ScheduledFuture<?> timeout;

        Running(PendingJob job) {
            this.job = job;
        }
    }
}
