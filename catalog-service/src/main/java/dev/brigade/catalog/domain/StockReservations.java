package dev.brigade.catalog.domain;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.brigade.catalog.store.ProductRepository;
import dev.brigade.catalog.store.ReservationRepository;
import dev.brigade.common.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Reserving stock for an order, all lines or none, and releasing it again. Both are idempotent on the reservation
 * id, and no interleaving of callers can take a product's stock below zero: each line is one conditional
 * {@code UPDATE ... WHERE stock >= quantity}.
 */
@ApplicationScoped
public class StockReservations {

    private final ReservationRepository reservations;
    private final ProductRepository products;

    StockReservations(ReservationRepository reservations, ProductRepository products) {
        this.reservations = reservations;
        this.products = products;
    }

    /** A reservation and whether this call made it (false: it existed already and is returned as it was). */
    public record Outcome(Reservation reservation, List<ReservationLine> lines, boolean created) {
    }

    public Outcome reserve(String reservationId, Map<Long, Integer> quantities) {
        Optional<Outcome> existing = find(reservationId);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> reserveNew(reservationId, quantities));
        } catch (RuntimeException e) {
            // Two identical requests raced and the other one won the primary key: answer with its result.
            return find(reservationId).orElseThrow(() -> e);
        }
    }

    @Transactional
    public Optional<Outcome> find(String reservationId) {
        return reservations.findByIdOptional(reservationId)
                .map(reservation -> new Outcome(reservation, reservations.lines(reservationId), false));
    }

    /** Returns the reserved stock; releasing twice, or releasing an unknown id, changes nothing. */
    @Transactional
    public void release(String reservationId) {
        if (reservations.markReleased(reservationId, now())) {
            for (ReservationLine line : reservations.lines(reservationId)) {
                products.returnStock(line.productId, line.quantity);
            }
        }
    }

    private Outcome reserveNew(String reservationId, Map<Long, Integer> quantities) {
        Reservation reservation = new Reservation();
        reservation.id = reservationId;
        reservation.createdAt = now();
        reservations.persistAndFlush(reservation);

        // Lock rows in a fixed order so that two reservations of the same products cannot deadlock.
        Map<Long, Integer> ordered = new TreeMap<>(quantities);
        for (Map.Entry<Long, Integer> line : ordered.entrySet()) {
            long productId = line.getKey();
            int quantity = line.getValue();
            if (!products.takeStock(productId, quantity)) {
                throw shortage(productId, quantity);
            }
        }
        for (Map.Entry<Long, Integer> line : ordered.entrySet()) {
            Product product = products.findById(line.getKey());
            ReservationLine reserved = new ReservationLine();
            reserved.reservationId = reservationId;
            reserved.productId = product.id;
            reserved.quantity = line.getValue();
            reserved.name = product.name;
            reserved.unitPriceCents = product.priceCents;
            reserved.currency = product.currency;
            reservations.addLine(reserved);
        }
        reservations.flush();
        return new Outcome(reservation, reservations.lines(reservationId), true);
    }

    private ProblemException shortage(long productId, int quantity) {
        return products.findByIdOptional(productId)
                .map(product -> ProblemException.conflict("out-of-stock", "Not enough stock for '" + product.name
                        + "' (product " + productId + "): " + quantity + " requested, " + product.stock + " available"))
                .orElseGet(() -> ProblemException.unprocessable("unknown-product",
                        "Product " + productId + " does not exist"));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
