package dev.brigade.worker.pool;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.worker.protocol.Message;

/**
 * The pool's queue: hands each job to an idle child, one job per child, and retries a job whose child was lost on
 * another child, up to {@code maxAttempts}. Runs on the supervisor thread; the counters it keeps are read by any
 * thread.
 */
final class PoolDispatcher implements ChildSupervisor.Events {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final PoolContext pool;
    private final List<ChildSupervisor> slots;
    private final Deque<PendingJob> queue = new ArrayDeque<>();
    private final List<Runnable> capacityListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Message.OfferedType> offered = new ConcurrentHashMap<>();
    private volatile int idleCount;
    private volatile int busyCount;
    private volatile int queuedCount;

    PoolDispatcher(PoolContext pool, List<ChildSupervisor> slots) {
        this.pool = pool;
        this.slots = slots;
    }

    void submit(PendingJob job) {
        if (pool.closed) {
            job.reject(pool, "the worker pool is shutting down");
            return;
        }
        queue.addLast(job);
        dispatch();
    }

    void onCapacity(Runnable listener) {
        capacityListeners.add(listener);
    }

    /** At shutdown: every job not started yet goes back to its submitter. */
    void rejectQueued() {
        PendingJob job;
        while ((job = queue.poll()) != null) {
            job.reject(pool, "the worker pool shut down before the job started");
        }
        changed();
    }

    @Override
    public void idle(ChildSupervisor slot) {
        dispatch();
    }

    @Override
    public void offered(List<Message.OfferedType> jobTypes) {
        jobTypes.forEach(type -> offered.put(type.type(), type));
    }

    /** The job types the children said they run, by name. */
    Map<String, Message.OfferedType> offeredTypes() {
        return Map.copyOf(offered);
    }

    @Override
    public void jobMessage(ChildSupervisor slot, Message.Job message) {
        switch (message) {
            case Message.Progress progress -> {
                PendingJob job = slot.jobWithId(progress.id());
                if (job != null) {
                    pool.fire(() -> job.listener.progress(job.id(), progress.percent(), progress.message()));
                }
            }
            case Message.Spans spans -> {
                PendingJob job = slot.jobWithId(spans.id());
                if (job != null) {
                    AttemptTrace attempt = job.trace;
                    pool.fire(() -> attempt.childSpans(spans));
                }
            }
            case Message.Result result -> complete(slot.finishJob(result.id()), JobOutcome.Status.SUCCEEDED,
                    result.result(), result.artifact(), null);
            case Message.Failure failure -> complete(slot.finishJob(failure.id()), JobOutcome.Status.FAILED,
                    null, false, failure.error());
            case Message.StartJob start -> LOG.warnf("child %d sent a job message only a parent sends",
                    slot.child().pid());
        }
    }

    @Override
    public void lost(PendingJob job, String reason) {
        AttemptTrace lostAttempt = job.trace;
        pool.fire(() -> lostAttempt.lost(reason));
        if (pool.closed) {
            job.reject(pool, "the worker pool shut down while the job ran (" + reason + ")");
        } else if (job.attempts < pool.config.maxAttempts()) {
            LOG.warnf("job %s attempt %d failed (%s); retrying", job.id(), job.attempts, reason);
            int attempt = job.attempts;
            pool.fire(() -> job.listener.retrying(job.id(), attempt, reason));
            queue.addFirst(job);
            dispatch();
        } else {
            JobOutcome outcome = new JobOutcome(job.id(), JobOutcome.Status.FAILED, null, false,
                    "gave up after " + job.attempts + " attempts: " + reason, job.attempts);
            pool.fire(() -> job.outcome.complete(outcome));
        }
    }

    @Override
    public void changed() {
        int idle = 0;
        int busy = 0;
        for (ChildSupervisor slot : slots) {
            if (slot.state() == WorkerState.IDLE) {
                idle++;
            } else if (slot.state() == WorkerState.BUSY) {
                busy++;
            }
        }
        idleCount = idle;
        busyCount = busy;
        queuedCount = queue.size();
    }

    int idle() {
        return idleCount;
    }

    int busy() {
        return busyCount;
    }

    int queued() {
        return queuedCount;
    }

    private void complete(PendingJob job, JobOutcome.Status status, JsonNode result, boolean artifact, String error) {
        if (job == null) {
            return;
        }
        JobOutcome outcome = new JobOutcome(job.id(), status, result, artifact, error, job.attempts);
        AttemptTrace attempt = job.trace;
        // The child counts as idle before its outcome is handed on: the submitter may hand over its next job at once.
        changed();
        pool.fire(() -> {
            attempt.answered(error);
            job.outcome.complete(outcome);
        });
        dispatch();
    }

    private void dispatch() {
        while (!queue.isEmpty() && !pool.closed) {
            ChildSupervisor slot = firstIdle();
            if (slot == null) {
                break;
            }
            slot.run(queue.poll());
        }
        changed();
        if (queue.isEmpty() && idleCount > 0 && !capacityListeners.isEmpty()) {
            pool.fire(() -> capacityListeners.forEach(Runnable::run));
        }
    }

    private ChildSupervisor firstIdle() {
        for (ChildSupervisor slot : slots) {
            if (slot.state() == WorkerState.IDLE) {
                return slot;
            }
        }
        return null;
    }
}
