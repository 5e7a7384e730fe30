package dev.brigade.worker.pool;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.brigade.worker.protocol.MessageCodec;
import io.opentelemetry.api.trace.Tracer;

/**
 * What the pool's parts share: the settings, the codec, and the pool's three threads. All pool state lives on the
 * single supervisor thread, so the supervisors and the dispatcher need no locks; listener callbacks and outcomes run
 * on one events thread, in order; writes to a child's stdin run on sender threads, because a full pipe blocks.
 */
final class PoolContext {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    final PoolConfig config;
    /** Where a traced job's attempts and its child's spans are recorded. */
    final Tracer tracer;
    final String classpath;
    final MessageCodec codec = new MessageCodec();
    /** The children's JVM options of the moment: with the AOT cache once it is usable. */
    final Supplier<List<String>> jvmOptions;
    final ScheduledExecutorService supervisor;
    final ExecutorService events;
    final ExecutorService senders;
    volatile boolean closed;
    volatile ChildLifecycleListener lifecycle = ChildLifecycleListener.NONE;

    PoolContext(PoolConfig config, Tracer tracer, String classpath, Supplier<List<String>> jvmOptions) {
        this.config = config;
        this.tracer = tracer;
        this.classpath = classpath;
        this.jvmOptions = jvmOptions;
        AtomicInteger n = new AtomicInteger();
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "worker-pool-supervisor"));
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "worker-pool-events"));
        this.senders = Executors.newCachedThreadPool(r -> daemon(r, "worker-pool-send-" + n.incrementAndGet()));
    }

    /** Hands an event to the supervisor thread; after shutdown there is nobody left to tell. */
    void post(Runnable event) {
        try {
            supervisor.execute(event);
        } catch (RejectedExecutionException e) {
            LOG.debug("child event after the pool shut down, ignored");
        }
    }

    /** Runs a listener callback or an outcome completion on the events thread; a failing listener is logged. */
    void fire(Runnable callback) {
        events.execute(() -> {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("a worker pool listener failed", e);
            }
        });
    }

    /** Asks the supervisor thread and waits for the answer (snapshots, test hooks). */
    <T> T ask(Callable<T> question) {
        try {
            return supervisor.submit(question).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the worker pool did not answer", e);
        }
    }

    void shutdownThreads() {
        supervisor.shutdownNow();
        events.shutdown();
        senders.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
