package dev.brigade.catalog.domain;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.brigade.common.retention.Batches;
import io.quarkus.scheduler.Scheduled;

/** Looks for reservations whose hold ran out every {@code catalog.reservations.expiry-every} and gives their stock back. */
@ApplicationScoped
public class ReservationExpiry {

    private static final Logger LOG = Logger.getLogger(ReservationExpiry.class);

    private final StockReservations reservations;

    ReservationExpiry(StockReservations reservations) {
        this.reservations = reservations;
    }

    @Scheduled(every = "${catalog.reservations.expiry-every}", delayed = "${catalog.reservations.expiry-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int expired = Batches.untilShort(StockReservations.EXPIRY_BATCH, reservations::expire);
        if (expired > 0) {
            LOG.infof("%d reservations were not confirmed by an order in time; their stock is back", expired);
        }
    }
}
