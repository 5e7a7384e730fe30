package dev.brigade.worker.pool;

import java.time.Duration;

/** One child at one moment; {@code pid} is the current (or last) child's, -1 before the first started. */
public record WorkerSnapshot(int slot, long pid, WorkerState state, long jobsDone, int restarts, Duration uptime,
        String currentJobId) {
}
