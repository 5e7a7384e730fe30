package dev.brigade.catalog.api;

import static dev.brigade.catalog.api.ProductResourceTest.create;
import static dev.brigade.catalog.api.ProductResourceTest.product;
import static dev.brigade.testing.Tokens.Who.ORDER_SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.brigade.catalog.domain.StockReservations;
import dev.brigade.catalog.store.ReservationRepository;
import dev.brigade.testing.Metrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** What /q/metrics tells an operator about stock held for orders (the test profile reads the database at each scrape). */
@Tag("sql")
@QuarkusTest
class ReservationMetricsTest {

    private static final String ACTIVE = "brigade_reservations_active";
    private static final String EXPIRED = "brigade_reservations_expired_total";

    @Inject
    StockReservations stock;

    @Inject
    ReservationRepository reservations;

    @Test
    void aHoldIsActiveUntilItsOrderConfirmsItOrItExpires() {
        long kettle = create(product("Metrics Kettle", 10));
        Metrics before = Metrics.scrape();

        reserve("metrics-confirmed", kettle);
        reserve("metrics-forgotten", kettle);
        assertEquals(2, grew(before, Metrics.scrape(), ACTIVE));

        ORDER_SERVICE.request().contentType(ContentType.JSON).body(Map.of("reservationIds", List.of("metrics-confirmed")))
                .post("/api/reservations/confirmations").then().statusCode(200);
        assertEquals(1, grew(before, Metrics.scrape(), ACTIVE), "a confirmed reservation is its order's stock");

        OffsetDateTime past = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        QuarkusTransaction.requiringNew().run(() -> reservations.getEntityManager()
                .createQuery("update Reservation r set r.expiresAt = :at where r.id = 'metrics-forgotten'")
                .setParameter("at", past).executeUpdate());
        assertEquals(0, grew(before, Metrics.scrape(), ACTIVE), "a hold that ran out holds nothing any more");
        assertEquals(0, grew(before, Metrics.scrape(), EXPIRED), "until the sweep gives its stock back");

        assertEquals(1, stock.expire());
        Metrics after = Metrics.scrape();
        assertEquals(1, grew(before, after, EXPIRED));
        assertEquals(0, grew(before, after, ACTIVE));
    }

    private static void reserve(String id, long productId) {
        ORDER_SERVICE.request().contentType(ContentType.JSON)
                .body(Map.of("reservationId", id, "lines", List.of(Map.of("productId", productId, "quantity", 1))))
                .post("/api/reservations").then().statusCode(201);
    }

    private static double grew(Metrics before, Metrics after, String name) {
        return after.value(name) - before.value(name);
    }
}
