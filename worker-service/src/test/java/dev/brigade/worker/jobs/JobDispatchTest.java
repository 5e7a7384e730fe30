package dev.brigade.worker.jobs;

import static dev.brigade.worker.api.JobsApi.awaitStatus;
import static dev.brigade.worker.api.JobsApi.submit;
import static dev.brigade.testing.Tokens.Who.STAFF;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The queue under failure and load, with the test profile's two children. */
@Tag("sql")
@QuarkusTest
class JobDispatchTest {

    @Inject
    Clock clock;

    @Test
    void aChildKilledMidJobLeavesTheJobToAnotherAttemptThatSucceedsOnce() throws Exception {
        long doneBefore = jobsDone();
        String id = submit("{\"type\":\"sleep\",\"payload\":{\"millis\":3000,\"steps\":3}}").then().statusCode(202)
                .extract().path("id");
        long pid = await().atMost(Duration.ofSeconds(30)).until(() -> childRunning(id), p -> p > 0);

        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL

        awaitStatus(id, "SUCCEEDED");
        STAFF.request().get("/api/jobs/" + id).then().body("attempts", equalTo(2));
        assertEquals(doneBefore + 1, jobsDone(), "the job was completed by exactly one child");
    }

    @Test
    void twoHundredJobsAtOnceOnTwoChildrenAllSucceedAndNoneRunsTwice() throws Exception {
        long doneBefore = jobsDone();
        long succeededBefore = succeeded();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        Set<String> ids = new HashSet<>();
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String body = "{\"type\":\"echo\",\"payload\":{\"n\":" + i + "}}";
                submitted.add(clients.submit(() -> submit(body).then().statusCode(202).extract().<String>path("id")));
            }
            for (Future<String> id : submitted) {
                ids.add(id.get());
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(200, ids.size());

        await().atMost(Duration.ofSeconds(60)).until(() -> succeeded() - succeededBefore >= 200);
        Set<String> newest = new HashSet<>();
        for (int page = 0; page < 2; page++) {
            JsonPath jobs = STAFF.request().queryParam("status", "SUCCEEDED").queryParam("size", 100).queryParam("page", page)
                    .get("/api/jobs").then().statusCode(200).extract().jsonPath();
            newest.addAll(jobs.getList("items.id", String.class));
            assertEquals(List.of(1), jobs.getList("items.attempts", Integer.class).stream().distinct().toList(),
                    "every job ran in one attempt");
        }
        assertEquals(ids, newest, "the 200 newest SUCCEEDED jobs are the ones submitted");
        assertEquals(doneBefore + 200, jobsDone(), "200 jobs, 200 runs in the children");
    }

    @Test
    void aJobLeftRunningByADeadReplicaIsQueuedAgainWhenItsLeaseExpiresAndFinishes() {
        String orphan = insert(JobStatus.RUNNING, "dead-replica/1234", OffsetDateTime.now(clock).minusSeconds(1));
        String leftQueued = insert(JobStatus.QUEUED, null, null);

        awaitStatus(orphan, "SUCCEEDED");
        awaitStatus(leftQueued, "SUCCEEDED");
        STAFF.request().get("/api/jobs/" + orphan).then().body("attempts", equalTo(1));
    }

    @Test
    void aJobWhoseReplicaDiedOnEveryAttemptFailsInsteadOfLoopingForever() {
        // Its three attempts are in the row it is inserted with: set afterwards, a dispatcher pass in between would
        // find an expired lease of attempt 0, queue it again, and it would succeed.
        String poison = insert(JobStatus.RUNNING, "dead-replica/1234", OffsetDateTime.now(clock).minusSeconds(1), 3);

        awaitStatus(poison, "FAILED");
        STAFF.request().get("/api/jobs/" + poison).then().body("error", containsString("gave up after 3 attempts"));
    }

    @Test
    void aJobWhoseLeaseIsStillValidIsLeftToItsReplica() throws InterruptedException {
        String held = insert(JobStatus.RUNNING, "live-replica/5678", OffsetDateTime.now(clock).plusSeconds(60));
        try {
            Thread.sleep(3_000);
            STAFF.request().get("/api/jobs/" + held).then().body("status", equalTo("RUNNING")).body("attempts", equalTo(0));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> Job.update("status = ?1 where id = ?2", JobStatus.FAILED, held));
        }
    }

    /** A row as a previous run of this service, or another replica, would have left it. */
    private String insert(JobStatus status, String leaseOwner, OffsetDateTime leaseUntil) {
        return insert(status, leaseOwner, leaseUntil, 0);
    }

    private String insert(JobStatus status, String leaseOwner, OffsetDateTime leaseUntil, int attempts) {
        Job job = new Job();
        job.id = UUID.randomUUID().toString();
        job.type = "echo";
        job.payload = "{\"left\":\"behind\"}";
        job.payloadSha = "test";
        job.status = status;
        job.createdAt = OffsetDateTime.now(clock);
        job.leaseOwner = leaseOwner;
        job.leaseUntil = leaseUntil;
        job.attempts = attempts;
        QuarkusTransaction.requiringNew().run(job::persist);
        return job.id;
    }

    private static long childRunning(String jobId) {
        List<Long> pids = STAFF.request().get("/api/workers").then().statusCode(200).extract().jsonPath()
                .getList("workers.findAll { it.currentJobId == '" + jobId + "' }.pid", Long.class);
        return pids.isEmpty() ? 0 : pids.get(0);
    }

    private static long succeeded() {
        return STAFF.request().queryParam("status", "SUCCEEDED").queryParam("size", 1).get("/api/jobs")
                .then().statusCode(200).extract().jsonPath().getLong("total");
    }

    private static long jobsDone() {
        return STAFF.request().get("/api/workers").then().statusCode(200).extract().jsonPath().getLong("jobsDone");
    }
}
