package dev.brigade.worker.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.PersistenceException;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

import dev.brigade.worker.child.Artifact;

/**
 * The job table's operations, each in its own transaction; a change is announced as a {@link JobChanged} event
 * after it committed. Writes made on behalf of a running job name the lease owner, so a replica that lost its
 * lease (the job was re-queued and may run elsewhere) changes nothing.
 */
@ApplicationScoped
public class JobStore {

    private final Event<JobChanged> changes;

    JobStore(Event<JobChanged> changes) {
        this.changes = changes;
    }

    /** A new job, or the one already submitted with the same key ({@code created} false). */
    public record Submitted(Job job, boolean created) {
    }

    public Submitted submit(String type, String payload, String key) {
        String sha = sha256(type + "\n" + payload);
        if (key != null) {
            Optional<Job> existing = byKey(key);
            if (existing.isPresent()) {
                return new Submitted(existing.get(), false);
            }
        }
        Job job = new Job();
        job.id = UUID.randomUUID().toString();
        job.type = type;
        job.key = key;
        job.payload = payload;
        job.payloadSha = sha;
        job.status = JobStatus.QUEUED;
        job.message = "waiting for a free child";
        job.createdAt = now();
        try {
            QuarkusTransaction.requiringNew().run(() -> job.persistAndFlush());
        } catch (PersistenceException e) {
            // Two submissions with the same key raced; the unique key let one in.
            return byKey(key).map(winner -> new Submitted(winner, false)).orElseThrow(() -> e);
        }
        changes.fire(new JobChanged(JobChanged.Kind.STATE, JobView.of(job, false)));
        return new Submitted(job, true);
    }

    /** Whether a job with this key was submitted with the same type and payload. */
    public static boolean samePayload(Job job, String type, String payload) {
        return job.payloadSha.equals(sha256(type + "\n" + payload));
    }

    public Optional<JobView> view(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Job.<Job>findByIdOptional(id).map(this::view));
    }

    public List<JobView> views(List<String> ids) {
        return QuarkusTransaction.requiringNew().call(() ->
                Job.<Job>list("id in ?1", ids).stream().map(this::view).toList());
    }

    public record Page(List<JobView> items, long total) {
    }

    public Page page(JobStatus status, int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Sort newestFirst = Sort.descending("createdAt").and("id");
            PanacheQuery<Job> query = status == null ? Job.findAll(newestFirst) : Job.find("status", newestFirst, status);
            query.page(page, size);
            return new Page(query.list().stream().map(this::view).toList(), query.count());
        });
    }

    public Optional<JobResult> result(String jobId) {
        return QuarkusTransaction.requiringNew().call(() -> JobResult.<JobResult>findByIdOptional(jobId));
    }

    /** Claims up to {@code max} of the oldest queued jobs for {@code owner}; safe when replicas race for them. */
    public List<Job> claim(int max, String owner, OffsetDateTime leaseUntil) {
        List<Job> claimed = QuarkusTransaction.requiringNew().call(() -> {
            List<String> candidates = Job.getEntityManager()
                    .createQuery("select j.id from Job j where j.status = :queued order by j.createdAt", String.class)
                    .setParameter("queued", JobStatus.QUEUED).setMaxResults(max * 2).getResultList();
            List<Job> mine = new ArrayList<>();
            for (String id : candidates) {
                int updated = Job.update("status = ?1, leaseOwner = ?2, leaseUntil = ?3, message = ?4 "
                                + "where id = ?5 and status = ?6",
                        JobStatus.RUNNING, owner, leaseUntil, "handed to a child", id, JobStatus.QUEUED);
                if (updated == 1) {
                    mine.add(Job.findById(id));
                    if (mine.size() == max) {
                        break;
                    }
                }
            }
            return mine;
        });
        claimed.forEach(job -> changes.fire(new JobChanged(JobChanged.Kind.STATE, view(job))));
        return claimed;
    }

    public void started(String id, String owner, long pid) {
        updateOwned(id, owner, JobChanged.Kind.STATE, job -> {
            job.attempts++;
            job.progress = 0;
            job.message = "running in child " + pid;
            if (job.startedAt == null) {
                job.startedAt = now();
            }
        });
    }

    public void progress(String id, String owner, int percent, String message) {
        updateOwned(id, owner, JobChanged.Kind.PROGRESS, job -> {
            job.progress = Math.max(0, Math.min(100, percent));
            job.message = abbreviate(message, 500);
        });
    }

    public void retrying(String id, String owner, int failedAttempt, String reason) {
        updateOwned(id, owner, JobChanged.Kind.STATE, job ->
                job.message = abbreviate("attempt " + failedAttempt + " did not finish (" + reason + "); retrying", 500));
    }

    /** Marks the job SUCCEEDED and stores its file, both or neither; false when this owner no longer holds it. */
    public boolean succeed(String id, String owner, Artifact artifact) {
        return updateOwned(id, owner, JobChanged.Kind.STATE, job -> {
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
        });
    }

    public boolean fail(String id, String owner, String error) {
        return updateOwned(id, owner, JobChanged.Kind.STATE, job -> {
            finish(job, JobStatus.FAILED);
            job.message = "failed";
            job.error = abbreviate(error, 2000);
        });
    }

    /** Gives a claimed job back to the queue, e.g. when this replica shuts down before it ran. */
    public boolean release(String id, String owner, String reason) {
        return updateOwned(id, owner, JobChanged.Kind.STATE, job -> requeue(job, reason));
    }

    public int renewLeases(String owner, OffsetDateTime leaseUntil) {
        return QuarkusTransaction.requiringNew().call(() -> Job.update(
                "leaseUntil = ?1 where leaseOwner = ?2 and status = ?3", leaseUntil, owner, JobStatus.RUNNING));
    }

    /** Queues again every running job whose lease ran out: the replica running it died or lost the database. */
    public int requeueExpiredLeases() {
        List<Job> requeued = QuarkusTransaction.requiringNew().call(() -> {
            List<Job> expired = Job.list("status = ?1 and leaseUntil < ?2", JobStatus.RUNNING, now());
            List<Job> taken = new ArrayList<>();
            for (Job job : expired) {
                int updated = Job.update("status = ?1, leaseOwner = null, leaseUntil = null, message = ?2 "
                                + "where id = ?3 and status = ?4 and leaseUntil = ?5",
                        JobStatus.QUEUED, "queued again: the replica running it stopped renewing its lease",
                        job.id, JobStatus.RUNNING, job.leaseUntil);
                if (updated == 1) {
                    taken.add(job);
                }
            }
            return taken;
        });
        requeued.forEach(job -> view(job.id).ifPresent(v -> changes.fire(new JobChanged(JobChanged.Kind.STATE, v))));
        return requeued.size();
    }

    private boolean updateOwned(String id, String owner, JobChanged.Kind kind, java.util.function.Consumer<Job> change) {
        JobView changed = QuarkusTransaction.requiringNew().call(() -> {
            Job job = Job.findById(id);
            if (job == null || job.status != JobStatus.RUNNING || !owner.equals(job.leaseOwner)) {
                return null;
            }
            change.accept(job);
            job.flush();
            return view(job);
        });
        if (changed == null) {
            return false;
        }
        changes.fire(new JobChanged(kind, changed));
        return true;
    }

    private static void finish(Job job, JobStatus status) {
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
        boolean hasResult = job.status == JobStatus.SUCCEEDED && JobResult.count("jobId", job.id) > 0;
        return JobView.of(job, hasResult);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static String abbreviate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
