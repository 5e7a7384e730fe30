package dev.brigade.worker.api;

import java.util.List;

import dev.brigade.worker.pool.PoolSnapshot;
import dev.brigade.worker.pool.WorkerSnapshot;

/** {@code GET /api/workers}: pool totals and one entry per child. */
public record WorkersView(int size, int ready, int idle, int busy, int queued, long jobsDone, long restarts,
        List<Worker> workers) {

    /** State is one of starting, idle, busy, restarting, stopped; uptime in milliseconds. */
    public record Worker(int slot, long pid, String state, long jobsDone, int restarts, long uptimeMillis,
            String currentJobId) {

        static Worker of(WorkerSnapshot w) {
            return new Worker(w.slot(), w.pid(), w.state().name().toLowerCase(), w.jobsDone(), w.restarts(),
                    w.uptime().toMillis(), w.currentJobId());
        }
    }

    static WorkersView of(PoolSnapshot p) {
        return new WorkersView(p.size(), p.ready(), p.idle(), p.busy(), p.queued(), p.jobsDone(), p.restarts(),
                p.workers().stream().map(Worker::of).toList());
    }
}
