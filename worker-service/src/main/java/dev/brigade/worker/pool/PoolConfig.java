package dev.brigade.worker.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link WorkerPool}; in the service they come from {@code worker.*} in application.properties.
 *
 * @param size number of children
 * @param jobTimeout a job running longer gets its child killed and is retried on a fresh one
 * @param maxAttempts attempts per job (timeouts and child deaths count; a handler's own error fails at once)
 * @param heartbeatInterval how often each child is pinged
 * @param heartbeatTimeout a child that has not answered a ping for this long is killed and replaced
 * @param restartInitialDelay first restart delay after a child died; doubles for each further death in a row
 * @param restartMaxDelay the most the restart delay grows to
 * @param restartResetAfter a child that stayed up this long (or finished a job) resets the back-off
 * @param readyTimeout a child not ready after this long is killed and replaced
 * @param shutdownGrace how long shutdown waits for running jobs before killing children
 * @param jvmOptions the children's JVM options (heap limit, ...)
 * @param mainClass the children's main class
 * @param classpath the children's class path, null to detect it
 * @param aotCacheDir where the children's AOT cache is kept (see
 *        {@link dev.brigade.process.AotCache}); null for none
 * @param warmUpJob a job each new child runs before it counts as ready and takes its first job, so that the first
 *        job of that type does not pay for loading its code (an invoice: PDFBox, its fonts); its outcome is dropped,
 *        a failure only logged; null for none. Its id names it in the logs
 */
public record PoolConfig(int size, Duration jobTimeout, int maxAttempts, Duration heartbeatInterval,
        Duration heartbeatTimeout, Duration restartInitialDelay, Duration restartMaxDelay, Duration restartResetAfter,
        Duration readyTimeout, Duration shutdownGrace, List<String> jvmOptions, String mainClass, String classpath,
        Path aotCacheDir, JobRequest warmUpJob) {

    public static final String CHILD_MAIN = "dev.brigade.worker.child.ChildMain";
    /**
     * A heap limit per child, the serial collector (one job per child needs no parallel GC threads), and C1 only
     * ({@code -XX:TieredStopAtLevel=1}). A child's jobs are short (an invoice takes 1–3 ms once warm): C2 spends
     * more CPU compiling them than it saves over the first thousand jobs (4.7 against 2.9 ms CPU per invoice over
     * 300, 2.9 against 1.6 over 1,000), and on two cores its compiler threads delay a new child's first message
     * and its first invoices (bench/ipc/README.md). A long CPU-bound job type (a 100k-line report) runs faster with
     * C2: drop the option in {@code worker.child.jvm-options} where those dominate.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    public static PoolConfig defaults() {
        return new PoolConfig(Runtime.getRuntime().availableProcessors(), Duration.ofMinutes(2), 3,
                Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMillis(250), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10), DEFAULT_JVM_OPTIONS,
                CHILD_MAIN, null, null, null);
    }

    public PoolConfig withSize(int size) {
        return new PoolConfig(size, jobTimeout, maxAttempts, heartbeatInterval, heartbeatTimeout, restartInitialDelay,
                restartMaxDelay, restartResetAfter, readyTimeout, shutdownGrace, jvmOptions, mainClass, classpath, aotCacheDir,
                warmUpJob);
    }

    public PoolConfig withJobTimeout(Duration jobTimeout) {
        return new PoolConfig(size, jobTimeout, maxAttempts, heartbeatInterval, heartbeatTimeout, restartInitialDelay,
                restartMaxDelay, restartResetAfter, readyTimeout, shutdownGrace, jvmOptions, mainClass, classpath, aotCacheDir,
                warmUpJob);
    }

    public PoolConfig withMaxAttempts(int maxAttempts) {
        return new PoolConfig(size, jobTimeout, maxAttempts, heartbeatInterval, heartbeatTimeout, restartInitialDelay,
                restartMaxDelay, restartResetAfter, readyTimeout, shutdownGrace, jvmOptions, mainClass, classpath, aotCacheDir,
                warmUpJob);
    }

    public PoolConfig withHeartbeat(Duration interval, Duration timeout) {
        return new PoolConfig(size, jobTimeout, maxAttempts, interval, timeout, restartInitialDelay,
                restartMaxDelay, restartResetAfter, readyTimeout, shutdownGrace, jvmOptions, mainClass, classpath, aotCacheDir,
                warmUpJob);
    }

    public PoolConfig withRestartDelays(Duration initial, Duration max) {
        return new PoolConfig(size, jobTimeout, maxAttempts, heartbeatInterval, heartbeatTimeout, initial, max,
                restartResetAfter, readyTimeout, shutdownGrace, jvmOptions, mainClass, classpath, aotCacheDir,
                warmUpJob);
    }

    public PoolConfig withShutdownGrace(Duration shutdownGrace) {
        return new PoolConfig(size, jobTimeout, maxAttempts, heartbeatInterval, heartbeatTimeout, restartInitialDelay,
                restartMaxDelay, restartResetAfter, readyTimeout, shutdownGrace, jvmOptions, mainClass, classpath, aotCacheDir,
                warmUpJob);
    }

    public PoolConfig withMainClass(String mainClass) {
        return new PoolConfig(size, jobTimeout, maxAttempts, heartbeatInterval, heartbeatTimeout, restartInitialDelay,
                restartMaxDelay, restartResetAfter, readyTimeout, shutdownGrace, jvmOptions, mainClass, classpath, aotCacheDir,
                warmUpJob);
    }

    public PoolConfig withAotCacheDir(Path aotCacheDir) {
        return new PoolConfig(size, jobTimeout, maxAttempts, heartbeatInterval, heartbeatTimeout, restartInitialDelay,
                restartMaxDelay, restartResetAfter, readyTimeout, shutdownGrace, jvmOptions, mainClass, classpath,
                aotCacheDir, warmUpJob);
    }

    public PoolConfig withWarmUpJob(JobRequest warmUpJob) {
        return new PoolConfig(size, jobTimeout, maxAttempts, heartbeatInterval, heartbeatTimeout, restartInitialDelay,
                restartMaxDelay, restartResetAfter, readyTimeout, shutdownGrace, jvmOptions, mainClass, classpath,
                aotCacheDir, warmUpJob);
    }

    /** The restart delay after {@code failuresInARow} deaths in a row (1 = the first). */
    public Duration restartDelay(int failuresInARow) {
        Duration delay = restartInitialDelay;
        for (int i = 1; i < failuresInARow && delay.compareTo(restartMaxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(restartMaxDelay) > 0 ? restartMaxDelay : delay;
    }
}
