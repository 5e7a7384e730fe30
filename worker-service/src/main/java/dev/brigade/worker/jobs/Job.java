package dev.brigade.worker.jobs;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import dev.brigade.common.tracing.StoredTrace;

/** A row of the durable job queue (see V2__jobs.sql). */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {

    @Id
    public String id;

    public String type;

    @Column(name = "job_key")
    public String key;

    /** Read only when the job is handed to a child; a report's payload can be megabytes. */
    @Basic(fetch = FetchType.LAZY)
    public String payload;

    @Column(name = "payload_sha")
    public String payloadSha;

    @Enumerated(EnumType.STRING)
    public JobStatus status;

    public int attempts;

    public int progress;

    public String message;

    public String error;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    /** The subject (Keycloak user id) who may read the job besides staff; null: staff only. */
    public String owner;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_until")
    public OffsetDateTime leaseUntil;

    /**
     * The W3C traceparent of the span that submitted the job (order-service's delivery of an invoice, a staff
     * member's request), so that running it continues that trace; null when submitted outside any trace.
     */
    @Column(name = "trace_parent")
    public String traceParent;

    /** A job just submitted, waiting in the queue, in the trace of the current span. */
    static Job queued(String type, String key, String payload, String payloadSha, String owner, String traceParent,
                      OffsetDateTime now) {
        Job job = new Job();
        job.id = UUID.randomUUID().toString();
        job.type = type;
        job.key = key;
        job.payload = payload;
        job.payloadSha = payloadSha;
        job.owner = owner;
        job.status = JobStatus.QUEUED;
        job.message = "waiting for a free child";
        job.createdAt = now;
        job.traceParent = traceParent != null ? traceParent : StoredTrace.current();
        return job;
    }

    /**
     * How many jobs wait in the queue, by type: a range of job_status_created_idx (the queued rows only, not the
     * finished ones, which are most of the table). Call it in a transaction.
     */
    public static Map<String, Long> queuedByType() {
        return getEntityManager()
                .createQuery("select j.type, count(j) from Job j where j.status = :queued group by j.type", Object[].class)
                .setParameter("queued", JobStatus.QUEUED).getResultStream()
                .collect(Collectors.toMap(row -> (String) row[0], row -> (Long) row[1]));
    }
}
