package dev.brigade.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Replicas sharing one database race for the same queued rows; the conditional claim gives each job to one of them.
 * (Run on PostgreSQL too: see the README's PostgreSQL test command.)
 */
@Tag("sql")
@QuarkusTest
class JobClaimTest {

    @Inject
    JobLeases leases;

    @Inject
    Clock clock;

    @Test
    void replicasClaimingAtOnceNeverGetTheSameJob() throws Exception {
        List<String> queued = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 60; i++) {
                Job job = new Job();
                job.id = UUID.randomUUID().toString();
                job.type = "echo";
                job.payload = "{}";
                job.payloadSha = "claim-test";
                job.status = JobStatus.QUEUED;
                job.createdAt = OffsetDateTime.now(clock).minusDays(1); // older than anything else: first in line
                job.persist();
                queued.add(job.id);
            }
        });

        ExecutorService replicas = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> claims = new ArrayList<>();
        try {
            for (int r = 0; r < 4; r++) {
                String owner = "replica-" + r;
                Callable<List<String>> claimAll = () -> {
                    List<String> mine = new ArrayList<>();
                    for (int round = 0; round < 10; round++) {
                        leases.claim(3, owner, java.time.Duration.ofMinutes(5))
                                .forEach(claimed -> mine.add(claimed.job().id()));
                    }
                    return mine;
                };
                claims.add(replicas.submit(claimAll));
            }
            Set<String> claimed = new HashSet<>();
            int total = 0;
            for (Future<List<String>> claim : claims) {
                List<String> ids = claim.get();
                total += ids.size();
                claimed.addAll(ids);
                for (String id : ids) {
                    Job job = QuarkusTransaction.requiringNew().call(() -> Job.findById(id));
                    assertEquals(JobStatus.RUNNING, job.status);
                }
            }
            assertEquals(claimed.size(), total, "a job was claimed by two replicas");
            assertTrue(claimed.size() > 0, "the replicas claimed something");
        } finally {
            replicas.shutdownNow();
            // Leave nothing for the service's own dispatcher to pick up later.
            QuarkusTransaction.requiringNew().run(() ->
                    Job.update("status = ?1, leaseOwner = null where id in ?2", JobStatus.FAILED, queued));
        }
    }
}
