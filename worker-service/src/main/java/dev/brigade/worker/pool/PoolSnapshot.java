package dev.brigade.worker.pool;

import java.util.List;

/** The pool at one moment: totals and each child. */
public record PoolSnapshot(int size, int ready, int idle, int busy, int queued, long jobsDone, long restarts,
        List<WorkerSnapshot> workers) {
}
