package dev.brigade.order.api;

import static dev.brigade.order.api.OrderRequests.lines;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.order.api.OrderRequests.Shopper;
import dev.brigade.order.standin.FakeCatalog;
import dev.brigade.order.standin.StandIns;
import dev.brigade.testing.Tokens.Who;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@Tag("sql")
@QuarkusTest
@QuarkusTestResource(StandIns.class)
class CheckoutTest {

    private final FakeCatalog catalog = StandIns.catalog();

    @Test
    void checkoutReservesStockPricesFromTheCatalogAndQueuesOneInvoice() {
        Shopper shopper = Shopper.fresh();
        Map<String, Object> body = Map.of(
                // Who orders and what it costs are not the client's to say: the customer comes from the token,
                // prices from the catalog. Both are ignored when sent.
                "customer", Map.of("name", "Mallory", "email", "mallory@example.test"),
                "lines", List.of(Map.of("productId", 11, "quantity", 2),
                        Map.of("productId", 12, "quantity", 1, "unitPriceCents", 1)));

        Response created = shopper.place(UUID.randomUUID().toString(), body);
        created.then().statusCode(201)
                .header("Location", containsString("/api/orders/"))
                .body("status", equalTo("CONFIRMED"))
                .body("customer.name", equalTo("Ada Lovelace"))
                .body("customer.email", equalTo(shopper.email()))
                .body("lines[0].productId", equalTo(11))
                .body("lines[0].name", equalTo("Product 11"))
                .body("lines[0].unitPriceCents", equalTo(1199))
                .body("lines[0].lineTotalCents", equalTo(2398))
                .body("lines[1].unitPriceCents", equalTo(1299))
                .body("totalCents", equalTo(2398 + 1299))
                .body("currency", equalTo("EUR"))
                .body("createdAt", notNullValue());
        String id = created.jsonPath().getString("id");
        assertEquals(FakeCatalog.DEFAULT_STOCK - 2, catalog.stockOf(11));
        assertEquals(FakeCatalog.DEFAULT_STOCK - 1, catalog.stockOf(12));

        String jobId = awaitInvoiceJob(id);
        shopper.request().get("/api/orders/" + id).then().statusCode(200)
                .body("invoiceJobUrl", equalTo(StandIns.WORKER_PUBLIC_URL + "/api/jobs/" + jobId));
        assertEquals(1, StandIns.worker().submissions("invoice:" + id));
        JsonNode job = StandIns.worker().request("invoice:" + id);
        assertEquals("invoice", job.get("type").asText());
        assertEquals(id, job.at("/payload/orderId").asText());
        assertEquals(shopper.email(), job.at("/payload/customer/email").asText());
        assertEquals("Product 12", job.at("/payload/lines/1/name").asText());
        assertEquals(1299, job.at("/payload/lines/1/unitPriceCents").asLong());
        assertEquals("EUR", job.at("/payload/currency").asText());
        assertTrue(job.at("/payload/createdAt").isTextual(), "createdAt is an ISO date-time: " + job);

        Who.STAFF.request().queryParam("email", shopper.email().toUpperCase()).get("/api/orders").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(id));
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnsTheSameOrderAndReservesNothingMore() {
        Shopper shopper = Shopper.fresh();
        String key = UUID.randomUUID().toString();
        String id = shopper.place(key, lines(21, 3)).then().statusCode(201).extract().jsonPath().getString("id");

        shopper.place(key, lines(21, 3)).then().statusCode(200)
                .header("Location", containsString("/api/orders/" + id))
                .body("id", equalTo(id));
        assertEquals(FakeCatalog.DEFAULT_STOCK - 3, catalog.stockOf(21));
        assertEquals(1, shopper.orders());
    }

    @Test
    void concurrentDuplicatesMakeOneOrderAndOneReservation() throws Exception {
        Shopper shopper = Shopper.fresh();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> shopper.place(key, lines(22, 5)));
            }
            List<Integer> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Future<Response> answer : pool.invokeAll(calls)) {
                statuses.add(answer.get().statusCode());
                ids.add(answer.get().jsonPath().getString("id"));
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "one 201, the rest 200: " + statuses);
            assertEquals(7, statuses.stream().filter(s -> s == 200).count(), "one 201, the rest 200: " + statuses);
            assertEquals(1, ids.stream().distinct().count(), "one order id: " + ids);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(FakeCatalog.DEFAULT_STOCK - 5, catalog.stockOf(22));
        assertEquals(1, shopper.orders());
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsRefused() {
        Shopper shopper = Shopper.fresh();
        String key = UUID.randomUUID().toString();
        shopper.place(key, lines(23, 1)).then().statusCode(201);

        shopper.place(key, lines(23, 2)).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:idempotency-key-reused"));
        assertEquals(FakeCatalog.DEFAULT_STOCK - 1, catalog.stockOf(23));
    }

    @Test
    void withoutAKeyEachRequestIsANewOrder() {
        Shopper shopper = Shopper.fresh();
        shopper.place(null, lines(24, 1)).then().statusCode(201);
        shopper.place(null, lines(24, 1)).then().statusCode(201);
        assertEquals(2, shopper.orders());
    }

    @Test
    void notEnoughStockIsAConflictNamingTheProductAndStoresNothing() {
        Shopper shopper = Shopper.fresh();
        catalog.setStock(31, 1);
        shopper.place(UUID.randomUUID().toString(), lines(30, 1, 31, 2)).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:out-of-stock"))
                .body("detail", containsString("Product 31"));
        assertEquals(0, shopper.orders());
        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(30), "all lines or none");
    }

    @Test
    void anUnknownProductIsUnprocessableNamingIt() {
        Shopper shopper = Shopper.fresh();
        shopper.place(null, lines(32, 1, 9001, 1)).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:unknown-product"))
                .body("detail", containsString("9001"));
        assertEquals(0, shopper.orders());
    }

    @Test
    void productsInAnotherCurrencyThanAskedAreRefusedAndTheirStockReturned() {
        Shopper shopper = Shopper.fresh();
        Map<String, Object> body = Map.of("lines", List.of(Map.of("productId", FakeCatalog.DOLLAR_PRODUCT, "quantity", 1)),
                "currency", "EUR");
        shopper.place(null, body).then().statusCode(422).body("type", equalTo("urn:brigade:problem:currency-mismatch"));
        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(FakeCatalog.DOLLAR_PRODUCT));
        assertEquals(0, shopper.orders());
    }

    @Test
    void duplicateProductLinesAreMergedIntoOne() {
        Shopper shopper = Shopper.fresh();
        shopper.place(null, lines(33, 2, 34, 1, 33, 3)).then().statusCode(201)
                .body("lines.size()", equalTo(2))
                .body("lines[0].productId", equalTo(33))
                .body("lines[0].quantity", equalTo(5));
        assertEquals(FakeCatalog.DEFAULT_STOCK - 5, catalog.stockOf(33));
    }

    @Test
    void mergedLinesStillRespectTheQuantityLimit() {
        Shopper.fresh().place(null, lines(35, 600, 35, 600)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("Product 35"));
        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(35));
    }

    @Test
    void invalidRequestsAreBadRequestsNamingTheField() {
        Shopper shopper = Shopper.fresh();
        expectInvalid(shopper, Map.of("lines", List.of()), "lines");
        expectInvalid(shopper, lines(36, 0), "lines[0].quantity");
        expectInvalid(shopper, lines(36, 1001), "lines[0].quantity");
        expectInvalid(shopper, lines(-1, 1), "lines[0].productId");
        expectInvalid(shopper, Map.of("lines", List.of(Map.of("productId", 36, "quantity", 1)), "currency", "eur"),
                "currency");
        expectInvalid(shopper, Map.of("lines", List.of(Map.of("productId", 36, "quantity", "two"))),
                "lines[0].quantity");

        shopper.json().body("{\"lines\": ").post("/api/orders").then().statusCode(400)
                .contentType("application/problem+json");
        shopper.place("x".repeat(256), lines(36, 1)).then().statusCode(400).contentType("application/problem+json");
        shopper.place("has space", lines(36, 1)).then().statusCode(400).contentType("application/problem+json");

        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(36));
        assertEquals(0, shopper.orders());
    }

    @Test
    void cancellingReleasesTheReservationOnceAndTwiceIsHarmless() {
        Shopper shopper = Shopper.fresh();
        String id = shopper.place(null, lines(41, 4)).then().statusCode(201).extract().jsonPath().getString("id");
        assertEquals(FakeCatalog.DEFAULT_STOCK - 4, catalog.stockOf(41));

        shopper.request().post("/api/orders/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("cancelledAt", notNullValue());
        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(41));

        shopper.request().post("/api/orders/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(41));
        shopper.request().get("/api/orders/" + id).then().statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void unknownOrdersAreNotFound() {
        Who.CUSTOMER_A.request().post("/api/orders/no-such-order/cancel").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-order"));
        Who.STAFF.request().get("/api/orders/no-such-order").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void ordersAreListedNewestFirstAndPaged() {
        Shopper shopper = Shopper.fresh();
        String first = shopper.place(null, lines(42, 1)).then().statusCode(201).extract().jsonPath().getString("id");
        String second = shopper.place(null, lines(42, 1)).then().statusCode(201).extract().jsonPath().getString("id");
        shopper.request().queryParam("size", 1).get("/api/orders").then().statusCode(200)
                .body("total", equalTo(2)).body("size", equalTo(1)).body("items.size()", equalTo(1))
                .body("items[0].id", equalTo(second));
        shopper.request().queryParam("size", 1).queryParam("page", 1).get("/api/orders").then()
                .body("items[0].id", equalTo(first));
        shopper.request().queryParam("size", 0).get("/api/orders").then().statusCode(400).contentType("application/problem+json");
        shopper.request().queryParam("size", 101).get("/api/orders").then().statusCode(400);
        Who.STAFF.request().get("/api/orders").then().statusCode(200).body("items.id", hasItem(first));
        Shopper.fresh().request().get("/api/orders").then().statusCode(200).body("total", equalTo(0));
    }

    private static void expectInvalid(Shopper shopper, Object body, String field) {
        shopper.place(null, body).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    static String awaitInvoiceJob(String orderId) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                Who.STAFF.request().get("/api/orders/" + orderId).then().extract().jsonPath()
                        .getString("invoiceJobId") != null);
        return Who.STAFF.request().get("/api/orders/" + orderId).then().body("invoiceJobId", notNullValue()).extract()
                .jsonPath().getString("invoiceJobId");
    }
}
