package dev.brigade.worker.jobs;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.hibernate.query.NativeQuery;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

import dev.brigade.common.idempotency.Fingerprint;
import dev.brigade.common.store.StoredNow;
import dev.brigade.worker.child.Artifact;
import dev.brigade.worker.metrics.JobMetrics;

/**
 * The job table's operations but for the claims and leases ({@link JobLeases}), each in its own transaction; a
 * change is announced as a {@link JobChanged} event after it committed. Writes made on behalf of a running job name
 * the lease owner, so a replica that lost its lease (the job was re-queued and may run elsewhere) changes nothing.
 */
@ApplicationScoped
public class JobStore {

    private final Event<JobChanged> changes;
    private final Clock clock;
    private final JobMetrics metrics;
    private final StoredNow stored;
    private final EntityManager database;

    JobStore(Event<JobChanged> changes, Clock clock, JobMetrics metrics, StoredNow stored, EntityManager database) {
        this.changes = changes;
        this.clock = clock;
        this.metrics = metrics;
        this.stored = stored;
        this.database = database;
    }

    /**
     * A job to queue, as its submission named it; its run continues the span {@code traceParent} names, or the current
     * span when it names none.
     */
    public record NewJob(String type, String payload, String key, String owner, String traceParent) {
    }

    /**
     * A new job, or the one already submitted with the same key ({@code created} false; {@code samePayload} tells a
     * retry from a different job, or one for another owner, under a reused key).
     */
    public record Submitted(JobView job, boolean created, boolean samePayload) {
    }

    public Submitted submit(NewJob request) {
        return submitAll(List.of(request)).getFirst();
    }

    /** Each job's {@link Submitted}, in their order: one transaction and one write of the file for all of them. */
    public List<Submitted> submitAll(List<NewJob> requests) {
        List<Job> jobs = requests.stream().map(request -> Job.queued(request.type(), request.key(), request.payload(),
                sha(request), request.owner(), request.traceParent(), now())).toList();
        try {
            // Inserted without looking for the keys first: a key is almost always new (order-service sends one per
            // order), and the unique key refuses the rare repeat, which is then answered with the job it names.
            QuarkusTransaction.requiringNew().run(() -> {
                jobs.forEach(job -> job.persist());
                database.flush();
            });
        } catch (PersistenceException e) {
            if (jobs.size() > 1) { // one repeated key refused them all: each on its own, answered as it would be alone
                return requests.stream().map(this::submit).toList();
            }
            Job job = jobs.getFirst();
            if (job.key == null) {
                throw e;
            }
            return List.of(byKey(job.key).map(existing -> earlier(existing, job.payloadSha, job.owner))
                    .orElseThrow(() -> e));
        }
        // Accepted means kept: in the file before the answer, whatever happens to this process next.
        stored.await();
        List<Submitted> submitted = jobs.stream().map(job -> new Submitted(JobView.of(job, false), true, true)).toList();
        submitted.forEach(created -> changes.fire(new JobChanged(created.job())));
        return submitted;
    }

    private static String sha(NewJob request) {
        return Fingerprint.of(request.type() + "\n" + request.payload());
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
        // SQL, not HQL, as the claim (JobLeases says why).
        QuarkusTransaction.requiringNew().run(() -> database.createNativeQuery("update {h-schema}job"
                        + " set progress = :progress, message = :message"
                        + " where id = :id and status = :running and lease_owner = :owner")
                .unwrap(NativeQuery.class)
                .setParameter("progress", percent).setParameter("message", abbreviate(message, 500), String.class)
                .setParameter("id", id).setParameter("running", JobStatus.RUNNING.name()).setParameter("owner", owner)
                .executeUpdate());
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

    /** One job's view: whether it has a file, asked by its id (a list parameter would be planned anew each call). */
    private JobView view(Job job) {
        return JobView.of(job, job.status == JobStatus.SUCCEEDED && database
                .createQuery("select count(r) from JobResult r where r.jobId = :id", Long.class)
                .setParameter("id", job.id).getSingleResult() > 0);
    }

    /** Views of many jobs with one query for which of them have a result. */
    private List<JobView> viewsOf(List<Job> jobs) {
        List<String> succeeded = jobs.stream().filter(job -> job.status == JobStatus.SUCCEEDED).map(job -> job.id).toList();
        Set<String> withResult = succeeded.isEmpty() ? Set.of() : Set.copyOf(JobResult.getEntityManager()
                .createQuery("select r.jobId from JobResult r where r.jobId in :ids", String.class)
                .setParameter("ids", succeeded).getResultList());
        return jobs.stream().map(job -> JobView.of(job, withResult.contains(job.id))).toList();
    }

    /** Now, to the microsecond the databases keep. */
    OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static String abbreviate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
