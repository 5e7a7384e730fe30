package dev.brigade.worker.pool;

import java.time.Duration;

/** Hears each child's start and loss (metrics); called on the pool's events thread, in order. */
public interface ChildLifecycleListener {

    ChildLifecycleListener NONE = new ChildLifecycleListener() {
        @Override
        public void ready(Duration startTime) {
        }

        @Override
        public void replaced(RestartReason reason) {
        }
    };

    /** A child sent its ready message {@code startTime} after it was forked. */
    void ready(Duration startTime);

    /** A child was lost and a new one is on its way (after the restart delay). */
    void replaced(RestartReason reason);
}
