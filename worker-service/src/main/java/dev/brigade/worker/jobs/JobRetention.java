package dev.brigade.worker.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.brigade.common.retention.Batches;
import dev.brigade.common.retention.OneReplicaAtATime;
import dev.brigade.worker.config.WorkerConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes finished jobs (SUCCEEDED, FAILED) and their files once they are older than
 * {@code worker.retention.finished-jobs}, {@value #BATCH} in a transaction, so that {@code job} and
 * {@code job_result} do not grow without end. One replica at a time runs it (OneReplicaAtATime); the others skip
 * that round.
 */
@ApplicationScoped
public class JobRetention {

    static final int BATCH = 500;
    /** Longer than a run takes; a replica that dies mid-run gives its turn back after this. */
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(JobRetention.class);

    private final Duration keep;
    private final Clock clock;
    private final OneReplicaAtATime oneReplica;

    JobRetention(WorkerConfig config, Clock clock, OneReplicaAtATime oneReplica) {
        this.keep = config.retention().finishedJobs();
        this.clock = clock;
        this.oneReplica = oneReplica;
    }

    @Scheduled(every = "${worker.retention.every}", delayed = "${worker.retention.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int purged = oneReplica.run("job-retention", LEASE, this::purge);
        if (purged > 0) {
            LOG.infof("Deleted %d jobs finished more than %s ago, with their files", purged, keep);
        }
    }

    /** Deletes what is due; the number of jobs deleted. */
    public int purge() {
        OffsetDateTime before = OffsetDateTime.now(clock).minus(keep);
        return Batches.untilShort(BATCH, () -> QuarkusTransaction.requiringNew().call(() -> {
            List<String> ids = Job.getEntityManager()
                    .createQuery("select j.id from Job j where j.status in :finished and j.finishedAt < :before",
                            String.class)
                    .setParameter("finished", List.of(JobStatus.SUCCEEDED, JobStatus.FAILED))
                    .setParameter("before", before).setMaxResults(BATCH).getResultList();
            if (ids.isEmpty()) {
                return 0;
            }
            JobResult.delete("jobId in ?1", ids);
            return (int) Job.delete("id in ?1", ids);
        }));
    }
}
