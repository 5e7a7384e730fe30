package dev.brigade.worker.pool;

/** Where one child of the pool is. */
public enum WorkerState {
    /** Forked, not ready yet. */
    STARTING,
    /** Ready, waiting for a job. */
    IDLE,
    /** Running a job. */
    BUSY,
    /** Died or was killed; a new child is started after the back-off delay. */
    RESTARTING,
    /** The pool shut down. */
    STOPPED
}
