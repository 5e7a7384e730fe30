package dev.brigade.worker.metrics;

import static dev.brigade.testing.Tokens.Who.STAFF;
import static dev.brigade.worker.api.JobsApi.awaitStatus;
import static dev.brigade.worker.api.JobsApi.submit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.brigade.testing.Metrics;
import io.quarkus.test.junit.QuarkusTest;

/** What /q/metrics tells an operator about the queue and the children, with the test profile's two children. */
@QuarkusTest
class WorkerMetricsTest {

    @Test
    void aJobThatRunsCountsItsWaitItsRunAndItsSuccess() {
        Metrics before = Metrics.scrape();

        String id = submit("{\"type\":\"echo\",\"payload\":{\"say\":\"counted\"}}").then().statusCode(202)
                .extract().path("id");
        awaitStatus(id, "SUCCEEDED");

        Metrics after = awaitMetrics(m -> m.value("brigade_job_run_seconds_count", "type", "echo")
                > before.value("brigade_job_run_seconds_count", "type", "echo"));
        assertEquals(1, grew(before, after, "brigade_jobs_succeeded_total", "type", "echo"));
        assertEquals(0, grew(before, after, "brigade_jobs_failed_total", "type", "echo"));
        assertEquals(1, grew(before, after, "brigade_job_queue_wait_seconds_count", "type", "echo"));
        assertEquals(1, grew(before, after, "brigade_job_run_seconds_count", "type", "echo"));
        assertEquals(1, grew(before, after, "brigade_job_run_seconds_bucket", "type", "echo", "le", "+Inf"));
        assertTrue(after.value("brigade_job_run_seconds_sum", "type", "echo") > 0);
        assertEquals(0, after.value("brigade_jobs_running", "type", "echo"), "nothing runs any more");
    }

    @Test
    void aJobWhoseChildDiesOnEveryAttemptCountsOnceAsFailedAndEachChildAsReplacedBecauseItCrashed() {
        Metrics before = Metrics.scrape();

        String id = submit("{\"type\":\"crash\",\"payload\":{\"halt\":true}}").then().statusCode(202)
                .extract().path("id");
        awaitStatus(id, "FAILED");

        // Three attempts (worker.job.max-attempts), three children lost, three new ones started.
        Metrics after = awaitMetrics(m -> m.value("brigade_children_alive") == 2
                && m.value("brigade_child_start_seconds_count") - before.value("brigade_child_start_seconds_count") >= 3);
        assertEquals(1, grew(before, after, "brigade_jobs_failed_total", "type", "crash"));
        assertEquals(0, grew(before, after, "brigade_jobs_succeeded_total", "type", "crash"));
        assertEquals(3, grew(before, after, "brigade_children_restarts_total", "reason", "crashed"));
        assertEquals(0, grew(before, after, "brigade_children_restarts_total", "reason", "timed_out"));
        assertEquals(3, grew(before, after, "brigade_child_start_seconds_count"));
    }

    @Test
    void jobsBeyondTheIdleChildrenWaitQueuedAndAChildKilledIsCountedAsCrashed(@TempDir Path dir) {
        Metrics before = Metrics.scrape();
        // Each hangs on its first attempt only: killing its child lets the retry finish at once.
        List<String> hanging = List.of(hang(dir.resolve("first")), hang(dir.resolve("second")));
        List<Long> pids = hanging.stream().map(id -> await().atMost(Duration.ofSeconds(60))
                .until(() -> childRunning(id), pid -> pid > 0)).toList();
        String waiting = submit("{\"type\":\"echo\",\"payload\":{\"say\":\"later\"}}").then().statusCode(202)
                .extract().path("id");

        // The queued figure is the database's, read again at most every few seconds.
        Metrics busy = awaitMetrics(m -> m.value("brigade_jobs_queued", "type", "echo") == 1);
        assertEquals(2, busy.value("brigade_jobs_running", "type", "hang"));
        assertEquals(2, busy.value("brigade_children_busy"));
        assertEquals(2, busy.value("brigade_children_alive"));

        pids.forEach(pid -> ProcessHandle.of(pid).orElseThrow().destroyForcibly()); // SIGKILL, as the OOM killer does
        hanging.forEach(id -> awaitStatus(id, "SUCCEEDED"));
        awaitStatus(waiting, "SUCCEEDED");

        Metrics after = awaitMetrics(m -> m.value("brigade_jobs_queued", "type", "echo") == 0
                && m.value("brigade_children_busy") == 0 && m.value("brigade_children_alive") == 2);
        assertEquals(2, grew(before, after, "brigade_children_restarts_total", "reason", "crashed"));
        assertEquals(2, grew(before, after, "brigade_jobs_succeeded_total", "type", "hang"));
        assertEquals(0, after.value("brigade_jobs_running", "type", "hang"));
        assertTrue(after.value("brigade_job_queue_wait_seconds_sum", "type", "echo")
                > before.value("brigade_job_queue_wait_seconds_sum", "type", "echo"), "the echo waited");
    }

    @Test
    void everyRestartReasonIsThereFromTheStartSoADashboardCanRateIt() {
        assertEquals(List.of("crashed", "not_ready", "protocol_mismatch", "timed_out", "unresponsive"),
                Metrics.scrape().labelValues("brigade_children_restarts_total", "reason"));
    }

    private static String hang(Path marker) {
        return submit("{\"type\":\"hang\",\"payload\":{\"marker\":\"" + marker + "\"}}").then().statusCode(202)
                .extract().path("id");
    }

    private static Metrics awaitMetrics(Predicate<Metrics> condition) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(Metrics::scrape, condition);
    }

    private static double grew(Metrics before, Metrics after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static long childRunning(String jobId) {
        List<Long> pids = STAFF.request().get("/api/workers").then().statusCode(200).extract().jsonPath()
                .getList("workers.findAll { it.currentJobId == '" + jobId + "' }.pid", Long.class);
        return pids.isEmpty() ? 0 : pids.get(0);
    }
}
