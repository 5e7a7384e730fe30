package dev.brigade.catalog.domain;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.brigade.common.retention.Batches;
import dev.brigade.common.retention.OneReplicaAtATime;
import io.quarkus.scheduler.Scheduled;

/**
 * Looks for reservations whose hold ran out every {@code catalog.reservations.expiry-every} and gives their stock
 * back, on one replica at a time (each stock comes back once however many sweep, and the others need not try).
 */
@ApplicationScoped
public class ReservationExpiry {

    private static final Logger LOG = Logger.getLogger(ReservationExpiry.class);
    /** Longer than a sweep takes; a replica that dies mid-sweep gives its turn back after this. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final StockReservations reservations;
    private final OneReplicaAtATime oneReplica;

    ReservationExpiry(StockReservations reservations, OneReplicaAtATime oneReplica) {
        this.reservations = reservations;
        this.oneReplica = oneReplica;
    }

    @Scheduled(every = "${catalog.reservations.expiry-every}", delayed = "${catalog.reservations.expiry-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int expired = oneReplica.run("reservation-expiry", LEASE,
                () -> Batches.untilShort(StockReservations.EXPIRY_BATCH, reservations::expire));
        if (expired > 0) {
            LOG.infof("%d reservations were not confirmed by an order in time; their stock is back", expired);
        }
    }
}
