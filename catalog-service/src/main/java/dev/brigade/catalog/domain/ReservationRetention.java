package dev.brigade.catalog.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.brigade.catalog.config.CatalogConfig;
import dev.brigade.catalog.store.ReservationRepository;
import dev.brigade.common.retention.Batches;
import dev.brigade.common.retention.OneReplicaAtATime;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes released reservations, with their lines, once they were released longer ago than
 * {@code catalog.retention.released-reservations}, {@value #BATCH} in a transaction. That includes the records of a
 * release that came before its reservation: they guard a window of seconds, not of weeks. Active reservations stay.
 * One replica at a time runs it (OneReplicaAtATime); the others skip that round.
 */
@ApplicationScoped
public class ReservationRetention {

    static final int BATCH = 500;
    /** Longer than a run takes; a replica that dies mid-run gives its turn back after this. */
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(ReservationRetention.class);

    private final ReservationRepository reservations;
    private final Duration keep;
    private final Clock clock;
    private final OneReplicaAtATime oneReplica;

    ReservationRetention(ReservationRepository reservations, CatalogConfig config, Clock clock,
                         OneReplicaAtATime oneReplica) {
        this.reservations = reservations;
        this.keep = config.retention().releasedReservations();
        this.clock = clock;
        this.oneReplica = oneReplica;
    }

    @Scheduled(every = "${catalog.retention.every}", delayed = "${catalog.retention.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int purged = oneReplica.run("reservation-retention", LEASE, this::purge);
        if (purged > 0) {
            LOG.infof("Deleted %d reservations released more than %s ago", purged, keep);
        }
    }

    /** Deletes what is due; the number of reservations deleted. */
    public int purge() {
        OffsetDateTime before = OffsetDateTime.now(clock).minus(keep);
        return Batches.untilShort(BATCH, () -> QuarkusTransaction.requiringNew().call(() -> {
            List<String> ids = reservations.getEntityManager()
                    .createQuery("select r.id from Reservation r where r.releasedAt < :before", String.class)
                    .setParameter("before", before).setMaxResults(BATCH).getResultList();
            if (ids.isEmpty()) {
                return 0;
            }
            reservations.getEntityManager().createQuery("delete from ReservationLine l where l.reservationId in :ids")
                    .setParameter("ids", ids).executeUpdate();
            return (int) reservations.delete("id in ?1", ids);
        }));
    }
}
