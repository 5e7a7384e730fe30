package dev.brigade.worker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code worker.*} in application.properties: the pool's settings (see {@link dev.brigade.worker.pool.PoolConfig}). */
@ConfigMapping(prefix = "worker")
public interface WorkerConfig {

    Pool pool();

    Job job();

    Heartbeat heartbeat();

    Restart restart();

    Child child();

    Shutdown shutdown();

    Jobs jobs();

    Events events();

    Retention retention();

    Readiness readiness();

    interface Pool {
        /** Number of children; default: available processors. */
        OptionalInt size();
    }

    interface Job {
        @WithDefault("120S")
        Duration timeout();

        @WithDefault("3")
        int maxAttempts();
    }

    interface Heartbeat {
        @WithDefault("5S")
        Duration interval();

        @WithDefault("15S")
        Duration timeout();
    }

    interface Restart {
        @WithDefault("250MS")
        Duration initialDelay();

        @WithDefault("30S")
        Duration maxDelay();

        @WithDefault("30S")
        Duration resetAfter();
    }

    interface Child {
        @WithDefault("30S")
        Duration readyTimeout();

        /** JVM options of each child, separated by spaces. */
        @WithDefault("-Xmx256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        String jvmOptions();

        @WithDefault("dev.brigade.worker.child.ChildMain")
        String mainClass();

        /** The children's class path; detected when absent (see ChildClasspath). */
        Optional<String> classpath();

        /** A file holding the children's libraries as one class path (dev mode, where none can be detected). */
        Optional<String> classpathFile();

        /** Where the children's AOT cache is kept (faster child start-up); absent: none. */
        Optional<String> aotCacheDir();

        /** Each new child renders a warm-up invoice before it takes its first job (PoolConfig.warmUpJob). */
        @WithDefault("true")
        boolean warmUp();
    }

    interface Readiness {
        /** The longest readiness waits after start for every child to be warm and the children's AOT cache. */
        @WithDefault("60S")
        Duration warmUpLimit();
    }

    interface Shutdown {
        @WithDefault("10S")
        Duration grace();
    }

    interface Jobs {
        /** Whether {@code POST /api/jobs} also accepts the diagnostic job types (sleep, crash, ...): tests only. */
        @WithDefault("false")
        boolean diagnosticTypes();

        /** How long a claimed job stays this replica's without a renewal; then another replica may run it. */
        @WithDefault("60S")
        Duration lease();

        /** How often the dispatcher looks for queued jobs besides being nudged, and renews its leases. */
        @WithDefault("1S")
        Duration pollInterval();
    }

    interface Retention {
        /** How long a finished job (SUCCEEDED, FAILED) and its file are kept; then they are deleted. */
        @WithDefault("P30D")
        Duration finishedJobs();

        /** How often the deletion runs (a Quarkus scheduler interval). */
        @WithDefault("10m")
        String every();
    }

    interface Events {
        /** Open {@code /api/jobs/{id}/events} streams at most, on this replica; beyond, a 503 with Retry-After. */
        @WithDefault("1000")
        int maxStreams();

        /** Open streams of one job at most (a page open in a few tabs). */
        @WithDefault("10")
        int maxStreamsPerJob();
    }

    default List<String> jvmOptionList() {
        return List.of(child().jvmOptions().trim().split("\\s+"));
    }
}
