package dev.brigade.worker.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.process.ForkedChild;
import dev.brigade.process.Signal;

/** The pool with real child JVMs. Timeouts are generous: the build machine is shared. */
class WorkerPoolTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final PoolConfig BASE = PoolConfig.defaults().withSize(1).withJobTimeout(Duration.ofSeconds(60))
            .withRestartDelays(Duration.ofMillis(50), Duration.ofSeconds(1))
            .withHeartbeat(Duration.ofMillis(500), Duration.ofSeconds(20));

    @TempDir
    Path dir;
    private WorkerPool pool;
    /** What the pool told its {@link ChildLifecycleListener} (the metrics). */
    private final List<Duration> startTimes = new CopyOnWriteArrayList<>();
    private final List<RestartReason> replacedBecause = new CopyOnWriteArrayList<>();
    private final ChildLifecycleListener lifecycle = new ChildLifecycleListener() {
        @Override
        public void ready(Duration startTime) {
            startTimes.add(startTime);
        }

        @Override
        public void replaced(RestartReason reason) {
            replacedBecause.add(reason);
        }
    };

    @AfterEach
    void shutdown() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    @Test
    void runsJobsReportsProgressAndQueuesWhatDoesNotFit() throws Exception {
        pool = started(BASE.withSize(2));
        List<String> events = new CopyOnWriteArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void started(String jobId, int attempt, long pid) {
                events.add(jobId + " started " + attempt);
            }

            @Override
            public void progress(String jobId, int percent, String message) {
                events.add(jobId + " " + percent + "%");
            }
        };
        JobOutcome sleep = get(pool.submit(job("s1", "sleep", "{\"millis\":200,\"steps\":2}"), listener));
        assertTrue(sleep.succeeded(), sleep.toString());
        assertEquals(List.of("s1 started 1", "s1 50%", "s1 100%"), events);

        List<CompletableFuture<JobOutcome>> echoes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            echoes.add(pool.submit(job("e" + i, "echo", "{\"n\":" + i + "}"), null).toCompletableFuture());
        }
        for (int i = 0; i < 8; i++) {
            JobOutcome outcome = get(echoes.get(i));
            assertTrue(outcome.succeeded());
            assertEquals(i, outcome.result().path("n").asInt());
        }
        PoolSnapshot snapshot = pool.snapshot();
        assertEquals(9, snapshot.jobsDone());
        assertEquals(0, snapshot.restarts());
        assertEquals(2, startTimes.size(), "each child's start was heard");
        assertTrue(startTimes.stream().allMatch(time -> time.toNanos() > 0), startTimes::toString);
        assertEquals(List.of(), replacedBecause);
    }

    @Test
    void aHandlerErrorFailsTheJobAtOnceAndTheChildLivesOn() throws Exception {
        pool = started(BASE);
        JobOutcome outcome = get(pool.submit(job("u1", "no-such-type", "{}"), null));
        assertFalse(outcome.succeeded());
        assertEquals("unknown job type 'no-such-type'", outcome.error());
        assertEquals(1, outcome.attempts());
        assertTrue(get(pool.submit(job("u2", "echo", "{}"), null)).succeeded());
        assertEquals(0, pool.snapshot().restarts());
    }

    @Test
    void aChildCrashingMidJobIsReplacedAndTheJobRetriedSucceeds() throws Exception {
        pool = started(BASE);
        String marker = dir.resolve("crashed").toString();
        List<String> retries = new CopyOnWriteArrayList<>();
        JobOutcome outcome = get(pool.submit(job("c1", "crash", "{\"marker\":\"" + marker + "\",\"halt\":true}"),
                new ProgressListener() {
                    @Override
                    public void retrying(String jobId, int failedAttempt, String reason) {
                        retries.add(reason);
                    }
                }));
        assertTrue(outcome.succeeded(), outcome.toString());
        assertEquals(2, outcome.attempts());
        assertEquals(1, retries.size());
        assertTrue(retries.get(0).contains("exited with code 3"), retries.get(0));
        assertEquals(1, pool.snapshot().restarts());
        assertEquals(List.of(RestartReason.CRASHED), replacedBecause);
    }

    @Test
    void aHungJobTimesOutItsChildIsKilledAndTheRetrySucceeds() throws Exception {
        pool = started(BASE.withJobTimeout(Duration.ofSeconds(2)));
        String marker = dir.resolve("hung").toString();
        long firstPid = pool.snapshot().workers().get(0).pid();
        JobOutcome outcome = get(pool.submit(job("h1", "hang", "{\"marker\":\"" + marker + "\"}"), null));
        assertTrue(outcome.succeeded(), outcome.toString());
        assertEquals(2, outcome.attempts());
        long secondPid = pool.snapshot().workers().get(0).pid();
        assertNotEquals(firstPid, secondPid);
        assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of(RestartReason.TIMED_OUT), replacedBecause);
    }

    @Test
    void aJobThatNeverFinishesFailsAfterMaxAttemptsWithTheReason() throws Exception {
        pool = started(BASE.withJobTimeout(Duration.ofSeconds(1)).withMaxAttempts(2));
        JobOutcome outcome = get(pool.submit(job("h2", "hang", "{}"), null));
        assertFalse(outcome.succeeded());
        assertEquals(2, outcome.attempts());
        assertTrue(outcome.error().startsWith("gave up after 2 attempts: timed out after 1000 ms"), outcome.error());
    }

    @Test
    void aChildThatStopsAnsweringHeartbeatsIsReplaced() throws Exception {
        pool = started(BASE.withHeartbeat(Duration.ofMillis(200), Duration.ofSeconds(2)));
        ForkedChild first = pool.child(0);
        first.kill(Signal.SIGSTOP);
        await(() -> pool.readyWorkers() == 1 && pool.child(0) != first, Duration.ofSeconds(60));
        assertEquals(Signal.SIGKILL, first.exit().get(10, TimeUnit.SECONDS).signal());
        assertTrue(get(pool.submit(job("after", "echo", "{}"), null)).succeeded());
        assertEquals(List.of(RestartReason.UNRESPONSIVE), replacedBecause);
    }

    @Test
    void restartsBackOffExponentiallyUpToTheMaximum() {
        pool = new WorkerPool(BASE.withMainClass(ExitAtOnceMain.class.getName())
                .withRestartDelays(Duration.ofMillis(50), Duration.ofMillis(200)));
        pool.start();
        await(() -> pool.restartDelays(0).size() >= 5, Duration.ofSeconds(60));
        assertEquals(List.of(50L, 100L, 200L, 200L, 200L),
                pool.restartDelays(0).subList(0, 5).stream().map(Duration::toMillis).toList());
        assertEquals(0, pool.readyWorkers());
        assertEquals(0, pool.freeCapacity());
    }

    @Test
    void aChildOfAnotherProtocolVersionIsRefused() {
        pool = new WorkerPool(BASE.withMainClass(OtherProtocolMain.class.getName())
                .withRestartDelays(Duration.ofMillis(50), Duration.ofMillis(200)));
        pool.onChildLifecycle(lifecycle);
        pool.start();
        // Its ready frame arrives, and the pool kills it instead of counting it: it is replaced again and again.
        await(() -> pool.restartDelays(0).size() >= 2, Duration.ofSeconds(60));
        assertEquals(0, pool.readyWorkers());
        assertEquals(0, pool.freeCapacity());
        await(() -> replacedBecause.size() >= 2, Duration.ofSeconds(60));
        assertEquals(List.of(RestartReason.PROTOCOL_MISMATCH), replacedBecause.stream().distinct().toList());
        assertEquals(List.of(), startTimes, "a child refused is never ready");
    }

    @Test
    void aChildSeesAnAllowListOfTheEnvironmentAndNoSecret() throws Exception {
        assertEquals("not-for-children", System.getenv("BRIGADE_TEST_SECRET"), "surefire sets it for this test");
        pool = started(BASE);
        JobOutcome outcome = get(pool.submit(job("env", "env", "{}"), null));
        assertTrue(outcome.succeeded(), outcome.toString());
        List<String> names = new java.util.ArrayList<>();
        outcome.result().forEach(name -> names.add(name.asText()));
        assertTrue(names.contains("PATH"), names.toString());
        assertFalse(names.contains("BRIGADE_TEST_SECRET"), "the service's secret reached a child: " + names);
        assertTrue(ChildEnvironment.ALLOWED.containsAll(names), "only allow-listed variables: " + names);
    }

    @Test
    void strayOutputOfAHandlerDoesNotDisturbTheChannel() throws Exception {
        pool = started(BASE);
        JobOutcome outcome = get(pool.submit(job("n1", "noisy", "{\"keep\":\"me\"}"), null));
        assertTrue(outcome.succeeded(), outcome.toString());
        assertEquals("me", outcome.result().path("keep").asText());
        assertEquals(0, pool.snapshot().restarts());
    }

    @Test
    void shutdownLetsTheRunningJobFinishRejectsNewOnesAndLeavesNoChild() throws Exception {
        pool = started(BASE.withShutdownGrace(Duration.ofSeconds(20)));
        long pid = pool.snapshot().workers().get(0).pid();
        CompletableFuture<JobOutcome> running = pool.submit(job("s", "sleep", "{\"millis\":500}"), null)
                .toCompletableFuture();
        await(() -> pool.snapshot().busy() == 1, Duration.ofSeconds(30));
        pool.shutdown();
        assertTrue(get(running).succeeded());
        ExecutionException rejected = assertThrows(ExecutionException.class,
                () -> pool.submit(job("late", "echo", "{}"), null).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(rejected.getCause() instanceof RejectedExecutionException);
        await(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), Duration.ofSeconds(10));
    }

    @Test
    void aNewChildRendersItsWarmUpInvoiceBeforeItTakesAJobAndItIsNoJobOfAnyone() throws Exception {
        pool = started(BASE.withWarmUpJob(WarmUpJobs.invoice("warm-up")));
        assertEquals(0, pool.snapshot().jobsDone(), "the warm-up is not counted as a job");
        List<String> started = new CopyOnWriteArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void started(String jobId, int attempt, long pid) {
                started.add(jobId);
            }
        };
        JobOutcome first = get(pool.submit(WarmUpJobs.invoice("order-1"), listener));
        assertTrue(first.succeeded(), first.toString());
        assertTrue(first.artifact(), "the first invoice is a PDF");
        assertEquals(List.of("order-1"), started, "only the real job reaches the listener");
        assertEquals(1, pool.snapshot().jobsDone());
    }

    @Test
    void aChildWhoseWarmUpFailsStillTakesJobs() throws Exception {
        pool = started(BASE.withWarmUpJob(job("warm-up", "no-such-type", "{}")));
        JobOutcome sleep = get(pool.submit(job("s1", "sleep", "{\"millis\":10}"), null));
        assertTrue(sleep.succeeded(), sleep.toString());
    }

    @Test
    void aChildIsNotReadyWhileItsWarmUpRuns() throws Exception {
        pool = new WorkerPool(BASE.withWarmUpJob(job("warm-up", "sleep", "{\"millis\":600000}")));
        pool.onChildLifecycle(lifecycle);
        pool.start();
        await(() -> !startTimes.isEmpty(), Duration.ofSeconds(60));
        assertEquals(0, pool.readyWorkers(), "the child answered its handshake, but its warm-up is still running");
        assertEquals(WorkerState.STARTING, pool.snapshot().workers().get(0).state());
    }

    private WorkerPool started(PoolConfig config) {
        WorkerPool pool = new WorkerPool(config);
        pool.onChildLifecycle(lifecycle);
        pool.start();
        await(() -> pool.readyWorkers() == config.size(), Duration.ofSeconds(60));
        return pool;
    }

    private static JobRequest job(String id, String type, String payload) throws Exception {
        JsonNode node = MAPPER.readTree(payload);
        return new JobRequest(id, type, node);
    }

    private static JobOutcome get(java.util.concurrent.CompletionStage<JobOutcome> stage) throws Exception {
        return stage.toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    static void await(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + within);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
