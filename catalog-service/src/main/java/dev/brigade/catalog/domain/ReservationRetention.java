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
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes released reservations, with their lines, once they were released longer ago than
 * {@code catalog.retention.released-reservations}, {@value #BATCH} in a transaction. That includes the records of a
 * release that came before its reservation: they guard a window of seconds, not of weeks. Active reservations stay.
 * Every replica runs it: a batch two replicas pick at once is deleted once.
 */
@ApplicationScoped
public class ReservationRetention {

    static final int BATCH = 500;
    private static final Logger LOG = Logger.getLogger(ReservationRetention.class);

    private final ReservationRepository reservations;
    private final Duration keep;
    private final Clock clock;

    ReservationRetention(ReservationRepository reservations, CatalogConfig config, Clock clock) {
        this.reservations = reservations;
        this.keep = config.retention().releasedReservations();
        this.clock = clock;
    }

    @Scheduled(every = "${catalog.retention.every}", delayed = "${catalog.retention.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int purged = purge();
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
