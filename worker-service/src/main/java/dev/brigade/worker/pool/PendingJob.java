package dev.brigade.worker.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/** A submitted job until its outcome: what it is, who listens, and how many attempts it has had. */
final class PendingJob {

    final JobRequest request;
    final ProgressListener listener;
    final CompletableFuture<JobOutcome> outcome;
    int attempts;
    /** The current (or last) attempt's trace. */
    AttemptTrace trace = AttemptTrace.NONE;

    PendingJob(JobRequest request, ProgressListener listener, CompletableFuture<JobOutcome> outcome) {
        this.request = request;
        this.listener = listener;
        this.outcome = outcome;
    }

    String id() {
        return request.id();
    }

    /** Completes the stage exceptionally on {@code context}'s events thread: the durable queue keeps the job. */
    void reject(PoolContext context, String reason) {
        AttemptTrace attempt = trace;
        context.fire(() -> {
            attempt.lost(reason);
            outcome.completeExceptionally(new RejectedExecutionException(reason));
        });
    }
}
