package dev.brigade.common.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One file write for all the callers that asked while the previous write was under way. Each call takes a number;
 * a write covers every number taken before it began. A caller returns once a write that covers its number has
 * finished, so everything it committed before the call is in the file; if one did while it waited, it writes nothing
 * itself.
 */
final class GroupCommit {

    private final Runnable write;
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicLong asked = new AtomicLong();
    /** The highest number a finished write covers. */
    private volatile long written;

    GroupCommit(Runnable write) {
        this.write = write;
    }

    /** A number for what has been committed until now, to {@link #await(long)} later. */
    long ask() {
        return asked.incrementAndGet();
    }

    /** Returns once a write that covers this number has finished; writes itself if none did. */
    void await(long number) {
        writing.lock();
        try {
            if (written >= number) {
                return;
            }
            long covers = asked.get(); // each of these callers committed before this write begins
            write.run();
            written = covers;
        } finally {
            writing.unlock();
        }
    }
}
