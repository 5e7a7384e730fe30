package dev.brigade.worker.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.PersistenceException;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

import dev.brigade.common.idempotency.Fingerprint;
import dev.brigade.common.store.StoredNow;
import dev.brigade.common.time.DatabaseTime;
import dev.brigade.worker.child.Artifact;
import dev.brigade.worker.metrics.JobMetrics;

/**
 * The job table's operations, each in its own transaction; a change is announced as a {@link JobChanged} event
 * after it committed. Writes made on behalf of a running job name the lease owner, so a replica that lost its
 * lease (the job was re-queued and may run elsewhere) changes nothing.
 */
@ApplicationScoped
public class JobStore {

    private final Event<JobChanged> changes;
    private final Clock clock;
    private final JobMetrics metrics;
    private final StoredNow stored;

    JobStore(Event<JobChanged> changes, Clock clock, JobMetrics metrics, StoredNow stored) {
        this.changes = changes;
        this.clock = clock;
        this.metrics = metrics;
        this.stored = stored;
    }

    /**
     * A new job, or the one already submitted with the same key ({@code created} false; {@code samePayload} tells a
     * retry from a different job, or one for another owner, under a reused key).
     */
    public record Submitted(JobView job, boolean created, boolean samePayload) {
    }

    /** A job this replica claimed, with what the child needs to run it and the trace it was submitted in. */
    public record Claimed(JobView job, String payload, String traceParent) {
    }

    public Submitted submit(String type, String payload, String key, String owner) {
        String sha = Fingerprint.of(type + "\n" + payload);
        Job job = Job.queued(type, key, payload, sha, owner, now());
        try {
            // Inserted without looking for the key first: a key is almost always new (order-service sends one per
            // order), and the unique key refuses the rare repeat, which is then answered with the job it names.
            QuarkusTransaction.requiringNew().run(() -> job.persistAndFlush());
        } catch (PersistenceException e) {
            if (key == null) {
                throw e;
            }
            return byKey(key).map(existing -> earlier(existing, sha, owner)).orElseThrow(() -> e);
        }
        // Accepted means kept: in the file before the answer, whatever happens to this process next.
        stored.await();
        JobView created = JobView.of(job, false);
        changes.fire(new JobChanged(created));
        return new Submitted(created, true, true);
    }

    private Submitted earlier(Job job, String sha, String owner) {
        return new Submitted(view(job.id).orElseThrow(), false,
                job.payloadSha.equals(sha) && Objects.equals(job.owner, owner));
    }

    public Optional<JobView> view(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Job.<Job>findByIdOptional(id).map(this::view));
    }

    public List<JobView> views(List<String> ids) {
        return QuarkusTransaction.requiringNew().call(() -> viewsOf(Job.<Job>list("id in ?1", ids)));
    }

    public record Page(List<JobView> items, long total) {
    }

    public Page page(JobStatus status, int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Sort newestFirst = Sort.descending("createdAt").and("id");
            PanacheQuery<Job> query = status == null ? Job.findAll(newestFirst) : Job.find("status", newestFirst, status);
            query.page(page, size);
            return new Page(viewsOf(query.list()), query.count());
        });
    }

    public Optional<JobResult> result(String jobId) {
        return QuarkusTransaction.requiringNew().call(() -> JobResult.<JobResult>findByIdOptional(jobId));
    }

    /**
     * Claims up to {@code max} of the oldest queued jobs for {@code owner}, each leased for {@code lease} by the
     * database's clock; safe when replicas race for them.
     */
    public List<Claimed> claim(int max, String owner, Duration lease) {
        List<Claimed> claimed = QuarkusTransaction.requiringNew().call(() -> {
            List<String> candidates = Job.getEntityManager()
                    .createQuery("select j.id from Job j where j.status = :queued order by j.createdAt", String.class)
                    .setParameter("queued", JobStatus.QUEUED).setMaxResults(max * 2).getResultList();
            if (candidates.isEmpty()) {
                return List.<Claimed>of();
            }
            OffsetDateTime leaseUntil = databaseNow().plus(lease);
            List<Claimed> mine = new ArrayList<>();
            for (String id : candidates) {
                // The claim is the attempt's start: the child is idle, so the job starts right away.
                int updated = Job.update("status = ?1, leaseOwner = ?2, leaseUntil = ?3, message = ?4, "
                                + "attempts = attempts + 1, progress = 0, startedAt = coalesce(startedAt, ?5) "
                                + "where id = ?6 and status = ?7",
                        JobStatus.RUNNING, owner, leaseUntil, "handed to a child", now(), id, JobStatus.QUEUED);
                if (updated == 1) {
                    Job job = Job.findById(id);
                    mine.add(new Claimed(view(job), job.payload, job.traceParent));
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

    /** Another attempt within one claim: the pool retries a job whose child died or timed out. */
    public Optional<JobView> restarted(String id, String owner, long pid) {
        return updateOwned(id, owner, job -> {
            job.attempts++;
            job.progress = 0;
            job.message = "running in child " + pid;
        });
    }

    /** Announces progress to the job's event streams at once, without writing it. */
    public void announce(JobView job) {
        changes.fire(new JobChanged(job));
    }

    /** Writes a running job's progress, for readers of the row (another replica's streams, {@code GET}). */
    public void saveProgress(String id, String owner, int percent, String message) {
        QuarkusTransaction.requiringNew().run(() -> Job.update(
                "progress = ?1, message = ?2 where id = ?3 and status = ?4 and leaseOwner = ?5",
                percent, abbreviate(message, 500), id, JobStatus.RUNNING, owner));
    }

    public void retrying(String id, String owner, int failedAttempt, String reason) {
        updateOwned(id, owner, job ->
                job.message = abbreviate("attempt " + failedAttempt + " did not finish (" + reason + "); retrying", 500));
    }

    /** Marks the job SUCCEEDED and stores its file, both or neither; false when this owner no longer holds it. */
    public boolean succeed(String id, String owner, Artifact artifact) {
        return ended(updateOwned(id, owner, artifact != null, job -> {
            finish(job, JobStatus.SUCCEEDED);
            job.progress = 100;
            job.message = "done";
            if (artifact != null) {
                JobResult result = new JobResult();
                result.jobId = job.id;
                result.fileName = artifact.fileName();
                result.mediaType = artifact.mediaType();
                result.content = artifact.content();
                result.persist();
            }
        }));
    }

    public boolean fail(String id, String owner, String error) {
        return ended(updateOwned(id, owner, job -> {
            finish(job, JobStatus.FAILED);
            job.message = "failed";
            job.error = abbreviate(error, 2000);
        }));
    }

    /** Counts a job's outcome once its row says so; false when this owner no longer held it. */
    private boolean ended(Optional<JobView> job) {
        job.ifPresent(view -> {
            if (view.status() == JobStatus.SUCCEEDED) {
                metrics.succeeded(view.type());
            } else {
                metrics.failed(view.type());
            }
        });
        return job.isPresent();
    }

    /** Gives a claimed job back to the queue, e.g. when this replica shuts down before it ran. */
    public boolean release(String id, String owner, String reason) {
        return updateOwned(id, owner, job -> requeue(job, reason)).isPresent();
    }

    /** Extends this owner's leases on the jobs it still runs; a job left out of {@code jobIds} lets its lease run out. */
    public int renewLeases(String owner, Set<String> jobIds, Duration lease) {
        if (jobIds.isEmpty()) {
            return 0;
        }
        return QuarkusTransaction.requiringNew().call(() -> Job.update(
                "leaseUntil = ?1 where leaseOwner = ?2 and status = ?3 and id in ?4",
                databaseNow().plus(lease), owner, JobStatus.RUNNING, jobIds));
    }

    /**
     * Queues again every running job whose lease ran out: the replica running it died or lost the database. A job
     * that has used up {@code maxAttempts} FAILS instead, so a job that takes its replica down cannot loop forever.
     */
    public int requeueExpiredLeases(int maxAttempts) {
        List<Job> requeued = QuarkusTransaction.requiringNew().call(() -> {
            List<Job> expired = Job.list("status = ?1 and leaseUntil < ?2", JobStatus.RUNNING, databaseNow());
            List<Job> taken = new ArrayList<>();
            for (Job job : expired) {
                boolean givingUp = job.attempts >= maxAttempts;
                int updated = Job.update("status = ?1, leaseOwner = null, leaseUntil = null, progress = 0, message = ?2, "
                                + "error = ?3, finishedAt = ?4 where id = ?5 and status = ?6 and leaseUntil = ?7",
                        givingUp ? JobStatus.FAILED : JobStatus.QUEUED,
                        givingUp ? "failed" : "queued again: the replica running it stopped renewing its lease",
                        givingUp ? "gave up after " + job.attempts + " attempts whose replica stopped while running it"
                                : null,
                        givingUp ? now() : null,
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
        requeued.forEach(job -> view(job.id).ifPresent(v -> changes.fire(new JobChanged(v))));
        return requeued.size();
    }

    private Optional<JobView> updateOwned(String id, String owner, Consumer<Job> change) {
        return updateOwned(id, owner, false, change);
    }

    /** {@code hasResult}: the change stores the job's file (known here, so the view needs no query for it). */
    private Optional<JobView> updateOwned(String id, String owner, boolean hasResult, Consumer<Job> change) {
        JobView changed = QuarkusTransaction.requiringNew().call(() -> {
            Job job = Job.findById(id);
            if (job == null || job.status != JobStatus.RUNNING || !owner.equals(job.leaseOwner)) {
                return null;
            }
            change.accept(job);
            job.flush();
            return JobView.of(job, hasResult);
        });
        if (changed == null) {
            return Optional.empty();
        }
        changes.fire(new JobChanged(changed));
        return Optional.of(changed);
    }

    private void finish(Job job, JobStatus status) {
        job.status = status;
        job.finishedAt = now();
        job.leaseOwner = null;
        job.leaseUntil = null;
    }

    private static void requeue(Job job, String reason) {
        job.status = JobStatus.QUEUED;
        job.leaseOwner = null;
        job.leaseUntil = null;
        job.progress = 0;
        job.message = abbreviate(reason, 500);
    }

    private Optional<Job> byKey(String key) {
        return QuarkusTransaction.requiringNew().call(() -> Job.<Job>find("key", key).firstResultOptional());
    }

    private JobView view(Job job) {
        return viewsOf(List.of(job)).get(0);
    }

    /** Views of many jobs with one query for which of them have a result. */
    private List<JobView> viewsOf(List<Job> jobs) {
        List<String> succeeded = jobs.stream().filter(job -> job.status == JobStatus.SUCCEEDED).map(job -> job.id).toList();
        Set<String> withResult = succeeded.isEmpty() ? Set.of() : Set.copyOf(JobResult.getEntityManager()
                .createQuery("select r.jobId from JobResult r where r.jobId in :ids", String.class)
                .setParameter("ids", succeeded).getResultList());
        return jobs.stream().map(job -> JobView.of(job, withResult.contains(job.id))).toList();
    }

    /**
     * The database's time, for leases: every replica compares leases with the one clock they share, so a replica
     * whose own clock runs ahead cannot take a job another one still holds.
     */
    private OffsetDateTime databaseNow() {
        return DatabaseTime.now(Job.getEntityManager());
    }

    /** Now, to the microsecond the databases keep. */
    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static String abbreviate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
