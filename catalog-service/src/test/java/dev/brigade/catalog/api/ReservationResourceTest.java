package dev.brigade.catalog.api;

import static dev.brigade.catalog.api.ProductResourceTest.create;
import static dev.brigade.catalog.api.ProductResourceTest.product;
import static dev.brigade.testing.Tokens.Who.ORDER_SERVICE;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.brigade.catalog.domain.ReservationRetention;
import dev.brigade.catalog.domain.StockReservations;
import dev.brigade.catalog.store.ReservationRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@Tag("sql")
@QuarkusTest
class ReservationResourceTest {

    static Map<String, Object> reservation(String id, Object... productAndQuantity) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            lines.add(Map.of("productId", productAndQuantity[i], "quantity", productAndQuantity[i + 1]));
        }
        return Map.of("reservationId", id, "lines", lines);
    }

    static int reserve(Map<String, Object> body) {
        return ORDER_SERVICE.request().contentType(ContentType.JSON).body(body).post("/api/reservations").then().extract().statusCode();
    }

    static int stockOf(long productId) {
        return ORDER_SERVICE.request().get("/api/products/" + productId).then().statusCode(200).extract().jsonPath().getInt("stock");
    }

    @Test
    void aReservationIdLongerThanItsColumnIsA400NotAFailedRelease() {
        String tooLong = "x".repeat(ReservationRequest.MAX_ID_LENGTH + 1);
        for (var answer : List.of(ORDER_SERVICE.request().delete("/api/reservations/" + tooLong),
                ORDER_SERVICE.request().get("/api/reservations/" + tooLong))) {
            answer.then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void reservingTakesStockAndRecordsCatalogPrices() {
        long knife = create(product("Bread Knife", 5));
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(reservation("order-a1", knife, 2)).post("/api/reservations")
                .then().statusCode(201)
                .header("Location", containsString("/api/reservations/order-a1"))
                .body("status", equalTo("ACTIVE"))
                .body("lines[0].name", equalTo("Bread Knife"))
                .body("lines[0].unitPriceCents", equalTo(1234))
                .body("lines[0].quantity", equalTo(2));
        assertEquals(3, stockOf(knife));
    }

    @Test
    void aRepeatedReservationReturnsTheFirstAndReservesNothingMore() {
        long board = create(product("Pastry Board", 5));
        assertEquals(201, reserve(reservation("order-b1", board, 2)));
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(reservation("order-b1", board, 2)).post("/api/reservations")
                .then().statusCode(200).body("lines[0].quantity", equalTo(2));
        assertEquals(3, stockOf(board));
    }

    @Test
    void allLinesOrNone() {
        long plenty = create(product("Ladle", 10));
        long scarce = create(product("Rare Truffle Slicer", 1));
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(reservation("order-c1", plenty, 4, scarce, 2)).post("/api/reservations")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:out-of-stock"))
                .body("detail", containsString("Rare Truffle Slicer"))
                .body("detail", containsString(String.valueOf(scarce)));
        assertEquals(10, stockOf(plenty));
        assertEquals(1, stockOf(scarce));
        ORDER_SERVICE.request().get("/api/reservations/order-c1").then().statusCode(404);
    }

    @Test
    void duplicateLinesAreMerged() {
        long whisk = create(product("Small Whisk", 5));
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(reservation("order-d1", whisk, 1, whisk, 2)).post("/api/reservations")
                .then().statusCode(201).body("lines[0].quantity", equalTo(3));
        assertEquals(2, stockOf(whisk));
    }

    @Inject
    ReservationRetention retention;

    @Inject
    ReservationRepository reservations;

    @Test
    void reservationsReleasedMoreThanThirtyDaysAgoAreDeletedActiveOnesStay() {
        long pan = create(product("Paella Pan", 6));
        for (String id : List.of("old-released", "new-released", "old-active")) {
            assertEquals(201, reserve(reservation(id, pan, 1)));
        }
        ORDER_SERVICE.request().delete("/api/reservations/old-released").then().statusCode(204);
        ORDER_SERVICE.request().delete("/api/reservations/new-released").then().statusCode(204);
        OffsetDateTime longAgo = OffsetDateTime.now(ZoneOffset.UTC).minusDays(31);
        QuarkusTransaction.requiringNew().run(() -> reservations.getEntityManager()
                .createQuery("update Reservation r set r.releasedAt = :at, r.createdAt = :at where r.id = 'old-released'")
                .setParameter("at", longAgo).executeUpdate());
        QuarkusTransaction.requiringNew().run(() -> reservations.getEntityManager()
                .createQuery("update Reservation r set r.createdAt = :at where r.id = 'old-active'")
                .setParameter("at", longAgo).executeUpdate());

        retention.purge();

        ORDER_SERVICE.request().get("/api/reservations/old-released").then().statusCode(404);
        ORDER_SERVICE.request().get("/api/reservations/new-released").then().statusCode(200).body("status", equalTo("RELEASED"));
        ORDER_SERVICE.request().get("/api/reservations/old-active").then().statusCode(200).body("status", equalTo("ACTIVE"));
        assertEquals(5, stockOf(pan), "the active reservation still holds its unit");
    }

    @Inject
    StockReservations stock;

    @Test
    void aConfirmedReservationIsTheOrdersAndAnUnconfirmedOneExpiresOnceWhateverTheSweepers() throws Exception {
        long wok = create(product("Carbon Wok", 10));
        assertEquals(201, reserve(reservation("hold-unconfirmed", wok, 3)));
        assertEquals(201, reserve(reservation("hold-confirmed", wok, 2)));
        ORDER_SERVICE.request().get("/api/reservations/hold-unconfirmed").then().body("status", equalTo("ACTIVE"))
                .body("expiresAt", org.hamcrest.Matchers.notNullValue());
        ReservationConfirmationsTest.confirm(List.of("hold-confirmed")).statusCode(200)
                .body("confirmed", contains("hold-confirmed"));
        assertEquals(5, stockOf(wok));

        // Both holds run out; two sweepers (two replicas) race for them.
        OffsetDateTime past = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        QuarkusTransaction.requiringNew().run(() -> reservations.getEntityManager()
                .createQuery("update Reservation r set r.expiresAt = :at where r.id like 'hold-%'")
                .setParameter("at", past).executeUpdate());
        ExecutorService sweepers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> swept = sweepers.invokeAll(List.of(stock::expire, stock::expire));
            assertEquals(1, swept.get(0).get() + swept.get(1).get(), "the unconfirmed hold expired exactly once");
        } finally {
            sweepers.shutdown();
        }
        assertEquals(8, stockOf(wok), "the unconfirmed 3 are back, the confirmed 2 are still the order's");
        ORDER_SERVICE.request().get("/api/reservations/hold-unconfirmed").then().body("status", equalTo("RELEASED"));
        ORDER_SERVICE.request().get("/api/reservations/hold-confirmed").then().body("status", equalTo("CONFIRMED"));
        ReservationConfirmationsTest.confirm(List.of("hold-unconfirmed")).statusCode(200)
                .body("released", contains("hold-unconfirmed"));
        assertEquals(0, stock.expire());
        assertEquals(8, stockOf(wok));

        ORDER_SERVICE.request().delete("/api/reservations/hold-confirmed").then().statusCode(204);
        assertEquals(10, stockOf(wok), "a cancelled order's confirmed stock comes back through the release");
    }

    @Test
    void releaseReturnsTheStockOnce() {
        long pan = create(product("Crepe Pan", 4));
        assertEquals(201, reserve(reservation("order-e1", pan, 3)));
        ORDER_SERVICE.request().delete("/api/reservations/order-e1").then().statusCode(204);
        ORDER_SERVICE.request().delete("/api/reservations/order-e1").then().statusCode(204);
        assertEquals(4, stockOf(pan));
        ORDER_SERVICE.request().get("/api/reservations/order-e1").then().statusCode(200).body("status", equalTo("RELEASED"));
        ORDER_SERVICE.request().delete("/api/reservations/never-made").then().statusCode(204);
    }

    @Test
    void aReleaseThatOvertakesItsReservationMakesTheLateReservationTakeNothing() {
        long mill = create(product("Salt Mill", 3));
        ORDER_SERVICE.request().delete("/api/reservations/order-e2").then().statusCode(204);
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(reservation("order-e2", mill, 2)).post("/api/reservations")
                .then().statusCode(200).body("status", equalTo("RELEASED")).body("lines.size()", equalTo(0));
        assertEquals(3, stockOf(mill));
    }

    @Test
    void aSoldOutProductIsRefusedWithTheStockThatIsLeft() {
        long wok = create(product("Sold Out Wok", 1));
        assertEquals(201, reserve(reservation("order-e3", wok, 1)));
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(reservation("order-e4", wok, 1)).post("/api/reservations")
                .then().statusCode(409).body("type", equalTo("urn:brigade:problem:out-of-stock"))
                .body("detail", containsString("1 requested, 0 available"));
        ORDER_SERVICE.request().get("/api/reservations/order-e4").then().statusCode(404);
        assertEquals(0, stockOf(wok));
    }

    @Test
    void badReservationsAreProblems() {
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(reservation("order-f1", 987654L, 1)).post("/api/reservations")
                .then().statusCode(422).body("detail", containsString("987654"));
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(reservation("order-f2", 1L, 0)).post("/api/reservations")
                .then().statusCode(400).body("errors.field", hasItem("lines[0].quantity"));
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(reservation("order-f3", 1L, -3)).post("/api/reservations")
                .then().statusCode(400).body("errors.field", hasItem("lines[0].quantity"));
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(Map.of("reservationId", "order-f4", "lines", List.of()))
                .post("/api/reservations").then().statusCode(400).body("errors.field", hasItem("lines"));
        ORDER_SERVICE.request().contentType(ContentType.JSON).body(reservation("bad id; drop", 1L, 1)).post("/api/reservations")
                .then().statusCode(400).body("errors.field", hasItem("reservationId"));
    }

    @Test
    void stockNeverGoesBelowZeroUnderConcurrentReservations() throws Exception {
        long hot = create(product("Limited Edition Wok", 10));
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String id = "rush-" + UUID.randomUUID();
            attempts.add(() -> reserve(reservation(id, hot, 1)));
        }
        // The same reservation sent many times at once must also count once.
        for (int i = 0; i < 20; i++) {
            attempts.add(() -> reserve(reservation("rush-duplicate", hot, 1)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> result : pool.invokeAll(attempts)) {
                statuses.add(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long unexpected = statuses.stream().filter(s -> s != 200 && s != 201 && s != 409).count();
        assertEquals(0, unexpected, "only 200/201/409 expected, got " + statuses);
        long created = statuses.stream().filter(s -> s == 201).count();
        assertEquals(10, created, "exactly the stock is reserved: " + statuses);
        assertEquals(0, stockOf(hot));
    }
}
