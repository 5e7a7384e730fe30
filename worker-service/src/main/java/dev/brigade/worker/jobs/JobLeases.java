package dev.brigade.worker.jobs;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.brigade.common.time.DatabaseTime;
import dev.brigade.worker.metrics.JobMetrics;

/**
 * The claims and leases on the job table, each operation in its own transaction: a replica claims queued jobs for
 * itself, renews the leases on those it still runs, and queues again the jobs whose replica stopped renewing.
 * Leases are compared by the database's clock, which every replica shares.
 * <p>
 * The claim, made for every job, is SQL, not HQL: Hibernate 7 caches no plan for an HQL update and translated it
 * again at each call (2.3 % of this service's CPU at 20 jobs/s, bench/README.md, 2026-12-07). The rarer updates of
 * leases stay HQL.
 */
@ApplicationScoped
public class JobLeases {

    private final EntityManager database;
    private final JobStore store;
    private final Event<JobChanged> changes;
    private final JobMetrics metrics;

    JobLeases(EntityManager database, JobStore store, Event<JobChanged> changes, JobMetrics metrics) {
        this.database = database;
        this.store = store;
        this.changes = changes;
        this.metrics = metrics;
    }

    /** A job this replica claimed, with what the child needs to run it and the trace it was submitted in. */
    public record Claimed(JobView job, String payload, String traceParent) {
    }

    /**
     * Claims up to {@code max} of the oldest queued jobs for {@code owner}, each leased for {@code lease} by the
     * database's clock; safe when replicas race for them.
     */
    public List<Claimed> claim(int max, String owner, Duration lease) {
        List<Claimed> claimed = QuarkusTransaction.requiringNew().call(() -> {
            List<String> candidates = database
                    .createQuery("select j.id from Job j where j.status = :queued order by j.createdAt", String.class)
                    .setParameter("queued", JobStatus.QUEUED).setMaxResults(max * 2).getResultList();
            if (candidates.isEmpty()) {
                return List.<Claimed>of();
            }
            OffsetDateTime leaseUntil = DatabaseTime.now(database).plus(lease);
            List<Claimed> mine = new ArrayList<>();
            for (String id : candidates) {
                // The claim is the attempt's start: the child is idle, so the job starts right away.
                int updated = database.createNativeQuery("update {h-schema}job set status = :running,"
                                + " lease_owner = :owner, lease_until = :until, message = :message,"
                                + " attempts = attempts + 1, progress = 0, started_at = coalesce(started_at, :now)"
                                + " where id = :id and status = :queued")
                        .setParameter("running", JobStatus.RUNNING.name()).setParameter("owner", owner)
                        .setParameter("until", leaseUntil).setParameter("message", "handed to a child")
                        .setParameter("now", store.now()).setParameter("id", id)
                        .setParameter("queued", JobStatus.QUEUED.name()).executeUpdate();
                if (updated == 1) {
                    Job job = database.find(Job.class, id);
                    mine.add(new Claimed(JobView.of(job, false), job.payload, job.traceParent));
                    if (mine.size() == max) {
                        break;
                    }
                }
            }
            return mine;
        });
        claimed.forEach(job -> {
            changes.fire(new JobChanged(job.job()));
            metrics.claimed(job.job().type(), job.job().attempts(),
                    Duration.between(job.job().createdAt(), job.job().startedAt()));
        });
        return claimed;
    }

    /** Extends this owner's leases on the jobs it still runs; a job left out of {@code jobIds} lets its lease run out. */
    public int renew(String owner, Set<String> jobIds, Duration lease) {
        if (jobIds.isEmpty()) {
            return 0;
        }
        // HQL with a list parameter, planned anew at each call: a few calls a lease, not one per job.
        return QuarkusTransaction.requiringNew().call(() -> Job.update(
                "leaseUntil = ?1 where leaseOwner = ?2 and status = ?3 and id in ?4",
                DatabaseTime.now(database).plus(lease), owner, JobStatus.RUNNING, jobIds));
    }

    /**
     * Queues again every running job whose lease ran out: the replica running it died or lost the database. A job
     * that has used up {@code maxAttempts} FAILS instead, so a job that takes its replica down cannot loop forever.
     */
    public int requeueExpired(int maxAttempts) {
        List<Job> requeued = QuarkusTransaction.requiringNew().call(() -> {
            List<Job> expired = Job.list("status = ?1 and leaseUntil < ?2", JobStatus.RUNNING, DatabaseTime.now(database));
            List<Job> taken = new ArrayList<>();
            for (Job job : expired) {
                boolean givingUp = job.attempts >= maxAttempts;
                // HQL, planned anew at each call: this runs only for jobs whose replica stopped.
                int updated = Job.update("status = ?1, leaseOwner = null, leaseUntil = null, progress = 0, message = ?2, "
                                + "error = ?3, finishedAt = ?4 where id = ?5 and status = ?6 and leaseUntil = ?7",
                        givingUp ? JobStatus.FAILED : JobStatus.QUEUED,
                        givingUp ? "failed" : "queued again: the replica running it stopped renewing its lease",
                        givingUp ? "gave up after " + job.attempts + " attempts whose replica stopped while running it"
                                : null,
                        givingUp ? store.now() : null,
                        job.id, JobStatus.RUNNING, job.leaseUntil);
                if (updated == 1) {
                    taken.add(job);
                    if (givingUp) {
                        metrics.failed(job.type);
                    }
                }
            }
            return taken;
        });
        requeued.forEach(job -> store.view(job.id).ifPresent(view -> changes.fire(new JobChanged(view))));
        return requeued.size();
    }
}
