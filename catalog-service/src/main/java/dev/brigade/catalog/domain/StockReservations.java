package dev.brigade.catalog.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.catalog.config.CatalogConfig;
import dev.brigade.catalog.store.ProductRepository;
import dev.brigade.catalog.store.ReservationRepository;
import dev.brigade.common.problem.ProblemException;
import dev.brigade.common.store.StoredNow;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Reserving stock for an order, all lines or none, and releasing it again. Both are idempotent on the reservation
 * id, and no interleaving of callers can take a product's stock below zero: each line is one conditional
 * {@code UPDATE ... WHERE stock >= quantity}.
 *
 * <p>A flash sale puts every caller on one product row, so a reservation reads before it writes: a product that
 * looks sold out is refused from a plain read, without a write or a wait for the row's lock, and the conditional
 * updates come last in the transaction, so a row is locked only for the update and the commit.
 *
 * <p>A reservation holds its stock for {@code catalog.reservations.hold} (15 minutes) unless its order
 * {@link #confirmAll confirms} it; {@link #expire} gives back what ran out. A confirmed reservation is released only by a
 * release (its order was cancelled).
 *
 * <p>A release may overtake its reservation (the order side gave up on a call still on its way here). Releasing an
 * unknown id therefore stores the reservation as released, with no lines, and the late reservation finds it so.
 */
@ApplicationScoped
public class StockReservations {

    /** Attempts of a release that races a reservation of the same id (each retry sees the other's commit). */
    private static final int RELEASE_ATTEMPTS = 3;
    static final int EXPIRY_BATCH = 500;

    private final ReservationRepository reservations;
    private final ProductRepository products;
    private final Clock clock;
    private final Duration hold;
    private final ReservationMetrics metrics;
    private final StoredNow stored;

    StockReservations(ReservationRepository reservations, ProductRepository products, Clock clock,
            CatalogConfig config, ReservationMetrics metrics, StoredNow stored) {
        this.reservations = reservations;
        this.products = products;
        this.clock = clock;
        this.hold = config.reservations().hold();
        this.metrics = metrics;
        this.stored = stored;
    }

    /**
     * The orders were stored: each reservation's stock is its order's now, and no expiry returns it. One transaction
     * for all, as order-service's outbox sends them many at a time. Each id comes back confirmed (by this call or an
     * earlier one), released (released on request, or its hold ran out: it cannot be confirmed), or unknown.
     */
    public Confirmations confirmAll(List<String> reservationIds) {
        Set<String> ids = new LinkedHashSet<>(reservationIds);
        Map<String, Boolean> released = stored.kept(QuarkusTransaction.requiringNew().call(() -> {
            reservations.markConfirmed(ids, now());
            return reservations.releasedOf(ids);
        }));
        List<String> confirmed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            Boolean isReleased = released.get(id);
            (isReleased == null ? unknown : isReleased ? refused : confirmed).add(id);
        }
        return new Confirmations(confirmed, refused, unknown);
    }

    /** What {@link #confirmAll} found for each id: confirmed, released (no stock held), or never seen. */
    public record Confirmations(List<String> confirmed, List<String> released, List<String> unknown) {
    }

    /**
     * Gives back the stock of unconfirmed reservations whose hold ran out, {@value #EXPIRY_BATCH} at a time, each in
     * a transaction of its own. Each stock comes back exactly once, also when two replicas sweep at the same moment.
     */
    public int expire() {
        List<String> due = QuarkusTransaction.requiringNew().call(() -> reservations.expired(now(), EXPIRY_BATCH));
        int expired = 0;
        for (String id : due) {
            boolean mine = QuarkusTransaction.requiringNew().call(() -> {
                if (!reservations.markExpired(id, now())) {
                    return false;
                }
                for (ReservationLine line : reservations.lines(id)) {
                    products.returnStock(line.productId, line.quantity);
                }
                return true;
            });
            expired += mine ? 1 : 0;
        }
        metrics.expired(expired);
        return expired;
    }

    /** A reservation and whether this call made it (false: it existed already and is returned as it was). */
    public record Outcome(Reservation reservation, List<ReservationLine> lines, boolean created) {
    }

    /** The reservation of this id as it is, else a new one: one transaction for both (a look-up and a reservation). */
    public Outcome reserve(String reservationId, Map<Long, Integer> quantities) {
        // A repeat too is answered only once the reservation is in the file: the request that made it may not be yet.
        try {
            return stored.kept(QuarkusTransaction.requiringNew().call(() -> findIn(reservationId)
                    .orElseGet(() -> reserveNew(reservationId, quantities))));
        } catch (ProblemException refused) {
            throw refused;
        } catch (RuntimeException e) {
            // Another request with this id won the primary key (a repeat, or a release that overtook this one).
            return stored.kept(find(reservationId).orElseThrow(() -> e));
        }
    }

    public Optional<Outcome> find(String reservationId) {
        return QuarkusTransaction.requiringNew().call(() -> findIn(reservationId));
    }

    private Optional<Outcome> findIn(String reservationId) {
        return reservations.findByIdOptional(reservationId)
                .map(reservation -> new Outcome(reservation, reservations.lines(reservationId), false));
    }

    /** Returns the reserved stock; releasing twice changes nothing, releasing an unknown id forbids it later. */
    public void release(String reservationId) {
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> releaseOrForbid(reservationId));
                stored.await();
                return;
            } catch (RuntimeException raced) {
                // A reservation of this id committed between our update and our insert: release that one.
                if (attempt == RELEASE_ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    private void releaseOrForbid(String reservationId) {
        OffsetDateTime now = now();
        if (reservations.markReleased(reservationId, now)) {
            for (ReservationLine line : reservations.lines(reservationId)) {
                products.returnStock(line.productId, line.quantity);
            }
        } else if (reservations.findByIdOptional(reservationId).isEmpty()) {
            Reservation released = new Reservation();
            released.id = reservationId;
            released.createdAt = now;
            released.releasedAt = now;
            reservations.persistAndFlush(released);
        }
    }

    private Outcome reserveNew(String reservationId, Map<Long, Integer> quantities) {
        // Lines in product order, so that two reservations of the same products lock rows in one order: no deadlock.
        Map<Long, Integer> ordered = new TreeMap<>(quantities);
        List<Product> reserved = new ArrayList<>();
        for (Map.Entry<Long, Integer> line : ordered.entrySet()) {
            Product product = products.findByIdOptional(line.getKey())
                    .orElseThrow(() -> ProblemException.unprocessable("unknown-product",
                            "Product " + line.getKey() + " does not exist"));
            if (product.stock < line.getValue()) {
                throw shortage(product, line.getValue(), product.stock);
            }
            reserved.add(product);
        }

        Reservation reservation = new Reservation();
        reservation.id = reservationId;
        reservation.createdAt = now();
        reservation.expiresAt = reservation.createdAt.plus(hold);
        reservations.persist(reservation);
        List<ReservationLine> lines = new ArrayList<>();
        for (Product product : reserved) {
            ReservationLine line = new ReservationLine();
            line.reservationId = reservationId;
            line.productId = product.id;
            line.quantity = ordered.get(product.id);
            line.name = product.name;
            line.unitPriceCents = product.priceCents;
            line.currency = product.currency;
            reservations.addLine(line);
            lines.add(line);
        }
        reservations.flush();

        for (Product product : reserved) {
            int quantity = ordered.get(product.id);
            if (!products.takeStock(product.id, quantity)) {
                throw shortage(product, quantity, products.stockOf(product.id));
            }
        }
        // The lines as stored, in product order like lines(): not read back.
        return new Outcome(reservation, lines, true);
    }

    private static ProblemException shortage(Product product, int quantity, int available) {
        return ProblemException.conflict("out-of-stock", "Not enough stock for '" + product.name
                + "' (product " + product.id + "): " + quantity + " requested, " + available + " available");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
