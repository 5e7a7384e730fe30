package dev.brigade.worker.config;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.brigade.process.ChildClasspath;
import dev.brigade.worker.child.ChildJars;
import dev.brigade.worker.metrics.ChildMetrics;
import dev.brigade.worker.pool.PoolConfig;
import dev.brigade.worker.pool.WarmUpJobs;
import dev.brigade.worker.pool.WorkerPool;

/** Makes the {@link WorkerPool} a bean, forks its children at boot and shuts it down gracefully at exit. */
@ApplicationScoped
public class WorkerPoolProducer {

    @Produces
    @ApplicationScoped
    WorkerPool workerPool(WorkerConfig config, ChildMetrics metrics, Tracer tracer) {
        PoolConfig pool = new PoolConfig(
                config.pool().size().orElse(Runtime.getRuntime().availableProcessors()),
                config.job().timeout(), config.job().maxAttempts(),
                config.heartbeat().interval(), config.heartbeat().timeout(),
                config.restart().initialDelay(), config.restart().maxDelay(), config.restart().resetAfter(),
                config.child().readyTimeout(), config.shutdown().grace(),
                config.jvmOptionList(), config.child().mainClass(), childClasspath(config.child()),
                config.child().aotCacheDir().map(Path::of).orElse(null),
                config.child().warmUp() ? WarmUpJobs.invoice("warm-up") : null);
        WorkerPool workerPool = new WorkerPool(pool, tracer);
        metrics.watch(workerPool);
        workerPool.start();
        return workerPool;
    }

    /**
     * worker.child.classpath, else the libraries in worker.child.classpath-file (dev mode), else detected: from the
     * packaged application only worker-child and its libraries ({@link ChildJars}).
     */
    private static String childClasspath(WorkerConfig.Child child) {
        if (child.classpath().isPresent()) {
            return child.classpath().get();
        }
        return child.classpathFile().map(Path::of).map(file -> {
            try {
                // ChildClasspath adds the application's own classes (where the child's main class comes from).
                String libraries = Files.readString(file).trim();
                return ChildClasspath.detect(child.mainClass()) + File.pathSeparator + libraries;
            } catch (IOException e) {
                throw new IllegalStateException("worker.child.classpath-file " + file.toAbsolutePath()
                        + " cannot be read; build the module first (./dev.sh does)", e);
            }
        }).orElseGet(() -> ChildClasspath.detect(child.mainClass(), ChildJars.names()));
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
