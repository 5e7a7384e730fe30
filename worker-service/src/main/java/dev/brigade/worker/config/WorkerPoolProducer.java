package dev.brigade.worker.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.brigade.worker.pool.PoolConfig;
import dev.brigade.worker.pool.WorkerPool;

/** Makes the {@link WorkerPool} a bean, forks its children at boot and shuts it down gracefully at exit. */
@ApplicationScoped
public class WorkerPoolProducer {

    @Produces
    @ApplicationScoped
    WorkerPool workerPool(WorkerConfig config) {
        PoolConfig pool = new PoolConfig(
                config.pool().size().orElse(Runtime.getRuntime().availableProcessors()),
                config.job().timeout(), config.job().maxAttempts(),
                config.heartbeat().interval(), config.heartbeat().timeout(),
                config.restart().initialDelay(), config.restart().maxDelay(), config.restart().resetAfter(),
                config.child().readyTimeout(), config.shutdown().grace(),
                config.jvmOptionList(), config.child().mainClass(), config.child().classpath().orElse(null),
                config.child().cdsDir().map(java.nio.file.Path::of).orElse(null));
        WorkerPool workerPool = new WorkerPool(pool);
        workerPool.start();
        return workerPool;
    }

    void startAtBoot(@Observes StartupEvent event, WorkerPool pool) {
        pool.config(); // touching the client proxy creates the pool, which forks its children
    }

    void stop(@Disposes WorkerPool pool) {
        pool.shutdown();
    }

    void stopAtShutdown(@Observes ShutdownEvent event, WorkerPool pool) {
        pool.shutdown();
    }
}
