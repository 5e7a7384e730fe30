package dev.brigade.catalog.api;

import static dev.brigade.catalog.api.ProductResourceTest.create;
import static dev.brigade.catalog.api.ProductResourceTest.product;
import static dev.brigade.catalog.api.ReservationResourceTest.reservation;
import static dev.brigade.catalog.api.ReservationResourceTest.reserve;
import static dev.brigade.catalog.api.ReservationResourceTest.stockOf;
import static dev.brigade.testing.Tokens.Who.ORDER_SERVICE;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.brigade.catalog.domain.StockReservations;
import dev.brigade.catalog.store.ReservationRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** order-service's outbox confirms the reservations of stored orders many at a time. */
@Tag("sql")
@QuarkusTest
class ReservationConfirmationsTest {

    @Inject
    StockReservations stock;

    @Inject
    ReservationRepository reservations;

    @Test
    void eachIdComesBackConfirmedReleasedOrUnknownAndTheConfirmedNoLongerExpire() {
        long grater = create(product("Box Grater", 10));
        assertEquals(201, reserve(reservation("batch-a", grater, 1)));
        assertEquals(201, reserve(reservation("batch-b", grater, 2)));
        assertEquals(201, reserve(reservation("batch-c", grater, 3)));
        ORDER_SERVICE.request().delete("/api/reservations/batch-c").then().statusCode(204);

        for (int call = 1; call <= 2; call++) { // a repeat (the outbox delivers at least once) answers the same
            confirm(List.of("batch-a", "batch-b", "batch-c", "batch-never"))
                    .statusCode(200)
                    .body("confirmed", contains("batch-a", "batch-b"))
                    .body("released", contains("batch-c"))
                    .body("unknown", contains("batch-never"));
        }
        ORDER_SERVICE.request().get("/api/reservations/batch-a").then().body("status", equalTo("CONFIRMED"));
        ORDER_SERVICE.request().get("/api/reservations/batch-c").then().body("status", equalTo("RELEASED"));

        OffsetDateTime past = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        QuarkusTransaction.requiringNew().run(() -> reservations.getEntityManager()
                .createQuery("update Reservation r set r.expiresAt = :at where r.id like 'batch-%'")
                .setParameter("at", past).executeUpdate());
        stock.expire();
        assertEquals(7, stockOf(grater), "the confirmed 1 + 2 stay the orders' after their holds ran out");
    }

    @Test
    void aReservationReleasedAfterItsConfirmationComesBackReleased() {
        long sieve = create(product("Fine Sieve", 4));
        assertEquals(201, reserve(reservation("batch-cancelled", sieve, 2)));
        confirm(List.of("batch-cancelled")).statusCode(200).body("confirmed", contains("batch-cancelled"));
        ORDER_SERVICE.request().delete("/api/reservations/batch-cancelled").then().statusCode(204);
        confirm(List.of("batch-cancelled")).statusCode(200)
                .body("confirmed", empty()).body("released", contains("batch-cancelled"));
        assertEquals(4, stockOf(sieve));
    }

    @Test
    void noIdsTooManyOrATooLongOneIsA400Problem() {
        String tooLong = "x".repeat(ReservationRequest.MAX_ID_LENGTH + 1);
        List<List<String>> bad = List.of(List.of(), Collections.nCopies(ConfirmationRequest.MAX_IDS + 1, "batch-a"),
                List.of("batch-a", tooLong), List.of(" "));
        for (List<String> ids : bad) {
            confirm(ids).statusCode(400).contentType("application/problem+json");
        }
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(Map.of()).post("/api/reservations/confirmations")
                .then().statusCode(400).contentType("application/problem+json");
    }

    static ValidatableResponse confirm(List<String> ids) {
        return ORDER_SERVICE.request().contentType(ContentType.JSON).body(Map.of("reservationIds", ids))
                .post("/api/reservations/confirmations").then();
    }
}
