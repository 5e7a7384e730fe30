package dev.brigade.order.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.brigade.common.retention.Batches;
import dev.brigade.common.retention.OneReplicaAtATime;
import dev.brigade.order.config.OrderConfig;
import dev.brigade.order.store.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes delivered outbox messages once they are older than {@code brigade.outbox.keep-delivered},
 * {@value #BATCH} in a transaction, so that {@code outbox_message} does not grow without end. Given-up messages stay
 * for a person to look at. One replica at a time runs it (OneReplicaAtATime); the others skip that round.
 */
@ApplicationScoped
public class OutboxRetention {

    static final int BATCH = 500;
    /** Longer than a run takes; a replica that dies mid-run gives its turn back after this. */
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(OutboxRetention.class);

    private final OutboxRepository outbox;
    private final Duration keep;
    private final Clock clock;
    private final OneReplicaAtATime oneReplica;

    OutboxRetention(OutboxRepository outbox, OrderConfig.Outbox config, Clock clock,
                    OneReplicaAtATime oneReplica) {
        this.outbox = outbox;
        this.keep = config.keepDelivered();
        this.clock = clock;
        this.oneReplica = oneReplica;
    }

    @Scheduled(every = "${brigade.outbox.retention-every}", delayed = "${brigade.outbox.retention-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int purged = oneReplica.run("outbox-retention", LEASE, this::purge);
        if (purged > 0) {
            LOG.infof("Deleted %d outbox messages delivered more than %s ago", purged, keep);
        }
    }

    /** Deletes what is due; the number of messages deleted. */
    public int purge() {
        OffsetDateTime before = OffsetDateTime.now(clock).minus(keep);
        return Batches.untilShort(BATCH, () -> QuarkusTransaction.requiringNew().call(() -> {
            List<Long> ids = outbox.getEntityManager()
                    .createQuery("select m.id from OutboxMessage m where m.deliveredAt < :before", Long.class)
                    .setParameter("before", before).setMaxResults(BATCH).getResultList();
            return ids.isEmpty() ? 0 : (int) outbox.delete("id in ?1", ids);
        }));
    }
}
