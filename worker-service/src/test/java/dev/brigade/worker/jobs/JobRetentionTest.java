package dev.brigade.worker.jobs;

import static dev.brigade.testing.Tokens.Who.STAFF;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Finished jobs and their files go once they are older than worker.retention.finished-jobs (30 days); no sooner. */
@Tag("sql")
@QuarkusTest
class JobRetentionTest {

    @Inject
    JobRetention retention;

    @Inject
    Clock clock;

    @Test
    void finishedJobsOlderThanTheRetentionGoWithTheirFilesOthersStay() {
        String old = finished(JobStatus.SUCCEEDED, Duration.ofDays(31), true);
        String oldFailure = finished(JobStatus.FAILED, Duration.ofDays(40), false);
        String recent = finished(JobStatus.SUCCEEDED, Duration.ofDays(29), true);
        String running = finished(JobStatus.RUNNING, Duration.ofDays(90), false);

        retention.purge();

        STAFF.request().get("/api/jobs/" + old).then().statusCode(404);
        STAFF.request().get("/api/jobs/" + old + "/result").then().statusCode(404);
        STAFF.request().get("/api/jobs/" + oldFailure).then().statusCode(404);
        STAFF.request().get("/api/jobs/" + recent).then().statusCode(200);
        STAFF.request().get("/api/jobs/" + recent + "/result").then().statusCode(200);
        STAFF.request().get("/api/jobs/" + running).then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> Job.update("status = ?1, finishedAt = ?2 where id = ?3",
                JobStatus.FAILED, OffsetDateTime.now(clock), running));
    }

    /** A job as an earlier run would have left it, finished {@code ago} (RUNNING: started then). */
    private String finished(JobStatus status, Duration ago, boolean withFile) {
        Job job = new Job();
        job.id = UUID.randomUUID().toString();
        job.type = "echo";
        job.payload = "{}";
        job.payloadSha = "test";
        job.status = status;
        job.createdAt = OffsetDateTime.now(clock).minus(ago);
        job.finishedAt = status == JobStatus.RUNNING ? null : job.createdAt;
        QuarkusTransaction.requiringNew().run(() -> {
            job.persist();
            if (withFile) {
                JobResult result = new JobResult();
                result.jobId = job.id;
                result.fileName = "result.json";
                result.mediaType = "application/json";
                result.content = "{}".getBytes();
                result.persist();
            }
        });
        return job.id;
    }
}
