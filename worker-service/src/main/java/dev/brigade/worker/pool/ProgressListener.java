package dev.brigade.worker.pool;

/**
 * What happens to a submitted job while it runs. All callbacks of a pool are made on one thread, in order, and
 * before the job's outcome completes; a slow callback delays other callbacks, never the pool's supervision.
 */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /** An attempt (1, 2, ...) started on the child with this pid. */
    default void started(String jobId, int attempt, long pid) {
    }

    /** The handler reported progress (0..100). */
    default void progress(String jobId, int percent, String message) {
    }

    /** An attempt ended without a result (timeout, child died); the job goes back to the front of the queue. */
    default void retrying(String jobId, int failedAttempt, String reason) {
    }
}
