package dev.brigade.worker.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.brigade.process.ChildProcesses;
import dev.brigade.process.ExitStatus;
import dev.brigade.process.ForkOptions;
import dev.brigade.process.ForkedChild;
import dev.brigade.process.Signal;
import dev.brigade.worker.protocol.Message;
import dev.brigade.worker.protocol.MessageCodec;
import dev.brigade.worker.protocol.ProtocolException;

/**
 * One slot of the pool and its child: forks it, waits for its handshake, pings it, kills it when it is late, and
 * starts a new one with back-off when it dies. Job messages go to the dispatcher ({@link Events}). Every method but
 * the constructor runs on the supervisor thread.
 */
final class ChildSupervisor {

    /** What the dispatcher hears from a slot. */
    interface Events {
        /** The child is idle: it finished its handshake or its job. */
        void idle(ChildSupervisor slot);

        /** The job types a child said it runs, in its handshake. */
        void offered(List<Message.OfferedType> jobTypes);

        void jobMessage(ChildSupervisor slot, Message.Job message);

        /** The child was lost (died, killed, timed out) while it ran {@code job}. */
        void lost(PendingJob job, String reason);

        /** A state changed: the counters are due. */
        void changed();
    }

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);
    private static final int DELAYS_KEPT = 16;

    final int index;
    private final PoolContext pool;
    private final Events events;
    private final Deque<Duration> delays = new ArrayDeque<>();
    private ForkedChild child;
    private WorkerState state = WorkerState.STARTING;
    private PendingJob job;
    private ScheduledFuture<?> jobTimeout;
    private long jobsDone;
    private int restarts;
    private int failuresInARow;
    private long startedAt;
    private long readyAt;
    private long lastPong;
    private long pingSeq;
    private String killReason;
    private RestartReason restartReason;
    /** The id of the warm-up job the child runs between its handshake and its first job; null when none runs. */
    private String warmUpId;
    private long handshakeAt;

    ChildSupervisor(int index, PoolContext pool, Events events) {
        this.index = index;
        this.pool = pool;
        this.events = events;
    }

    void start() {
        if (pool.closed) {
            state = WorkerState.STOPPED;
            return;
        }
        state = WorkerState.STARTING;
        killReason = null;
        restartReason = null;
        warmUpId = null;
        readyAt = 0;
        startedAt = System.nanoTime();
        ForkOptions options = ForkOptions.defaults().withExecArgv(pool.jvmOptions.get()).withClasspath(pool.classpath)
                .withOnlyEnv(ChildEnvironment.of(System.getenv()));
        ForkedChild started = ChildProcesses.fork(pool.config.mainClass(), List.of(), options);
        child = started;
        if (started.pid() < 0) {
            LOG.errorf("could not start a child JVM: %s", started.exit().handle((s, e) -> e).join());
        }
        started.onMessage(frame -> pool.post(() -> onFrame(started, frame)))
                .onError(error -> LOG.warnf("child %d sent a malformed frame: %s", started.pid(), error.getMessage()));
        started.exit().whenComplete((status, failure) -> pool.post(() -> onExit(started, status)));
        long startedAtNow = startedAt;
        pool.supervisor.schedule(() -> {
            if (child == started && state == WorkerState.STARTING && startedAt == startedAtNow) {
                kill(RestartReason.NOT_READY, "not ready after " + pool.config.readyTimeout().toSeconds() + " s");
            }
        }, pool.config.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        events.changed();
    }

    /** Hands {@code pending} to the idle child, with the job's time-out. */
    void run(PendingJob pending) {
        pending.attempts++;
        ForkedChild running = child;
        state = WorkerState.BUSY;
        job = pending;
        jobTimeout = pool.supervisor.schedule(() -> {
            if (job == pending) {
                job = null;
                String reason = "timed out after " + pool.config.jobTimeout().toMillis() + " ms on child "
                        + running.pid();
                events.lost(pending, reason);
                kill(RestartReason.TIMED_OUT, "job " + pending.id() + " " + reason);
            }
        }, pool.config.jobTimeout().toMillis(), TimeUnit.MILLISECONDS);
        int attempt = pending.attempts;
        pool.fire(() -> pending.listener.started(pending.id(), attempt, running.pid()));
        pending.trace = AttemptTrace.start(pool.tracer, pending, running.pid());
        send(new Message.StartJob(pending.id(), pending.request.type(), pending.request.payload(),
                pending.trace.traceparent()));
    }

    /** The job with {@code id} if it is this child's, else null. */
    PendingJob jobWithId(String id) {
        return job != null && job.id().equals(id) ? job : null;
    }

    /** The child answered for its job: it is idle again. */
    PendingJob finishJob(String id) {
        PendingJob finished = jobWithId(id);
        if (finished != null) {
            jobTimeout.cancel(false);
            job = null;
            jobsDone++;
            failuresInARow = 0;
            state = WorkerState.IDLE;
        }
        return finished;
    }

    /** At shutdown: the job still running, if any, which the pool gives back to its queue's owner. */
    PendingJob stop() {
        PendingJob running = job;
        job = null;
        state = WorkerState.STOPPED;
        return running;
    }

    void heartbeat(long now) {
        if (state != WorkerState.IDLE && state != WorkerState.BUSY) {
            return;
        }
        if (now - lastPong > pool.config.heartbeatTimeout().toNanos()) {
            LOG.warnf("child %d has not answered a ping for %d ms", child.pid(), (now - lastPong) / 1_000_000);
            killReason = "child " + child.pid() + " stopped answering heartbeats";
            restartReason = RestartReason.UNRESPONSIVE;
            state = WorkerState.RESTARTING;
            child.process().terminate(Signal.SIGKILL, Duration.ZERO);
            events.changed();
        } else {
            send(new Message.Ping(++pingSeq));
        }
    }

    private void onFrame(ForkedChild from, JsonNode frame) {
        if (from != child) {
            return;
        }
        Message message;
        try {
            message = pool.codec.decode(frame);
        } catch (ProtocolException e) {
            LOG.warnf("child %d sent a frame that is no message: %s", from.pid(), e.getMessage());
            return;
        }
        switch (message) {
            case Message.Ready ready -> onReady(ready);
            case Message.Pong pong -> lastPong = System.nanoTime();
            case Message.Job jobMessage when jobMessage.id().equals(warmUpId) -> onWarmUp(jobMessage);
            case Message.Job jobMessage -> events.jobMessage(this, jobMessage);
            case Message.ChannelError error -> LOG.warnf("child %d reports: %s", from.pid(), error.error());
            default -> LOG.warnf("child %d sent a message only a parent sends: %s", from.pid(), frame.path("type"));
        }
    }

    private void onReady(Message.Ready ready) {
        if (state != WorkerState.STARTING) {
            return;
        }
        if (ready.protocol() != MessageCodec.PROTOCOL_VERSION) {
            LOG.errorf("child %d speaks protocol version %d, this pool speaks %d: refused (is its class path from"
                    + " another build?)", child.pid(), ready.protocol(), MessageCodec.PROTOCOL_VERSION);
            kill(RestartReason.PROTOCOL_MISMATCH,
                    "protocol version " + ready.protocol() + " instead of " + MessageCodec.PROTOCOL_VERSION);
            return;
        }
        events.offered(ready.jobTypes());
        handshakeAt = System.nanoTime();
        Duration startTime = Duration.ofNanos(handshakeAt - startedAt);
        pool.fire(() -> pool.lifecycle.ready(startTime));
        JobRequest warmUp = pool.config.warmUpJob();
        if (warmUp == null) {
            becomeReady();
            return;
        }
        // Still STARTING, so the ready time-out also bounds the warm-up, and no job or ping is sent meanwhile.
        warmUpId = warmUp.id() + "-" + child.pid();
        send(new Message.StartJob(warmUpId, warmUp.type(), warmUp.payload(), null));
    }

    private void onWarmUp(Message.Job message) {
        switch (message) {
            case Message.Result result -> becomeReady();
            case Message.Failure failure -> {
                LOG.warnf("child %d failed its warm-up job %s (it takes jobs all the same): %s", child.pid(),
                        warmUpId, failure.error());
                becomeReady();
            }
            default -> {
            }
        }
    }

    private void becomeReady() {
        if (state != WorkerState.STARTING) {
            return;
        }
        state = WorkerState.IDLE;
        readyAt = System.nanoTime();
        lastPong = readyAt;
        if (warmUpId != null) {
            LOG.infof("child %d ready after %d ms, its warm-up job %s done after %d ms more", child.pid(),
                    (handshakeAt - startedAt) / 1_000_000, warmUpId, (readyAt - handshakeAt) / 1_000_000);
            warmUpId = null;
        } else {
            LOG.debugf("child %d ready after %d ms", child.pid(), (readyAt - startedAt) / 1_000_000);
        }
        events.idle(this);
    }

    private void onExit(ForkedChild exited, ExitStatus status) {
        if (exited != child) {
            return;
        }
        String reason = killReason != null ? killReason
                : "child " + exited.pid() + " exited with " + (status == null ? "a start-up failure" : status);
        if (job != null) {
            PendingJob lost = job;
            job = null;
            jobTimeout.cancel(false);
            AttemptTrace attempt = lost.trace;
            pool.fire(() -> attempt.childExited(status));
            events.lost(lost, reason);
        }
        if (pool.closed) {
            state = WorkerState.STOPPED;
            events.changed();
            return;
        }
        if (readyAt != 0 && System.nanoTime() - readyAt >= pool.config.restartResetAfter().toNanos()) {
            failuresInARow = 0;
        }
        failuresInARow++;
        Duration delay = pool.config.restartDelay(failuresInARow);
        restarts++;
        RestartReason why = restartReason != null ? restartReason : RestartReason.CRASHED;
        pool.fire(() -> pool.lifecycle.replaced(why));
        if (delays.size() == DELAYS_KEPT) {
            delays.removeFirst();
        }
        delays.addLast(delay);
        state = WorkerState.RESTARTING;
        LOG.warnf("%s; starting a new child in %d ms (restart %d)", reason, delay.toMillis(), restarts);
        pool.supervisor.schedule(() -> {
            if (child == exited) {
                start();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
        events.changed();
    }

    private void kill(RestartReason why, String reason) {
        LOG.warnf("killing child %d: %s", child.pid(), reason);
        killReason = reason;
        restartReason = why;
        state = WorkerState.RESTARTING;
        child.process().terminate(Signal.SIGTERM, Duration.ofSeconds(2));
        events.changed();
    }

    private void send(Message message) {
        ForkedChild to = child;
        ObjectNode frame = pool.codec.encode(message);
        pool.senders.execute(() -> {
            try {
                to.send(frame);
            } catch (IllegalStateException e) {
                LOG.debugf("child %d gone before a message reached it; its exit will be handled", to.pid());
            }
        });
    }

    WorkerState state() {
        return state;
    }

    ForkedChild child() {
        return child;
    }

    long jobsDone() {
        return jobsDone;
    }

    int restarts() {
        return restarts;
    }

    List<Duration> delays() {
        return List.copyOf(delays);
    }

    WorkerSnapshot snapshot(long now) {
        boolean alive = child != null && state != WorkerState.RESTARTING && state != WorkerState.STOPPED;
        return new WorkerSnapshot(index, child == null ? -1 : child.pid(), state, jobsDone, restarts,
                alive ? Duration.ofNanos(now - startedAt) : Duration.ZERO, job == null ? null : job.id());
    }
}
