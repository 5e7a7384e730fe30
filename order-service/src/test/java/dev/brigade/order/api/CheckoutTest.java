package dev.brigade.order.api;

import static dev.brigade.order.api.OrderRequests.body;
import static dev.brigade.order.api.OrderRequests.newEmail;
import static dev.brigade.order.api.OrderRequests.ordersOf;
import static dev.brigade.order.api.OrderRequests.place;
import static io.restassured.RestAssured.given;
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

import dev.brigade.order.standin.FakeCatalog;
import dev.brigade.order.standin.StandIns;
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
        String email = newEmail();
        Map<String, Object> body = Map.of(
                "customer", Map.of("name", "Ada Lovelace", "email", email),
                // The client's price is not part of the contract and is ignored: prices come from the catalog.
                "lines", List.of(Map.of("productId", 11, "quantity", 2), Map.of("productId", 12, "quantity", 1, "unitPriceCents", 1)));

        Response created = place(UUID.randomUUID().toString(), body);
        created.then().statusCode(201)
                .header("Location", containsString("/api/orders/"))
                .body("status", equalTo("CONFIRMED"))
                .body("customer.email", equalTo(email))
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
        given().get("/api/orders/" + id).then().statusCode(200)
                .body("invoiceJobUrl", equalTo(StandIns.WORKER_PUBLIC_URL + "/api/jobs/" + jobId));
        assertEquals(1, StandIns.worker().submissions("invoice:" + id));
        JsonNode job = StandIns.worker().request("invoice:" + id);
        assertEquals("invoice", job.get("type").asText());
        assertEquals(id, job.at("/payload/orderId").asText());
        assertEquals(email, job.at("/payload/customer/email").asText());
        assertEquals("Product 12", job.at("/payload/lines/1/name").asText());
        assertEquals(1299, job.at("/payload/lines/1/unitPriceCents").asLong());
        assertEquals("EUR", job.at("/payload/currency").asText());
        assertTrue(job.at("/payload/createdAt").isTextual(), "createdAt is an ISO date-time: " + job);

        given().queryParam("email", email.toUpperCase()).get("/api/orders").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(id));
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnsTheSameOrderAndReservesNothingMore() {
        String email = newEmail();
        String key = UUID.randomUUID().toString();
        String id = place(key, body(email, 21, 3)).then().statusCode(201).extract().jsonPath().getString("id");

        place(key, body(email, 21, 3)).then().statusCode(200)
                .header("Location", containsString("/api/orders/" + id))
                .body("id", equalTo(id));
        assertEquals(FakeCatalog.DEFAULT_STOCK - 3, catalog.stockOf(21));
        assertEquals(1, ordersOf(email));
    }

    @Test
    void concurrentDuplicatesMakeOneOrderAndOneReservation() throws Exception {
        String email = newEmail();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> place(key, body(email, 22, 5)));
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
        assertEquals(1, ordersOf(email));
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsRefused() {
        String email = newEmail();
        String key = UUID.randomUUID().toString();
        place(key, body(email, 23, 1)).then().statusCode(201);

        place(key, body(email, 23, 2)).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:idempotency-key-reused"));
        assertEquals(FakeCatalog.DEFAULT_STOCK - 1, catalog.stockOf(23));
    }

    @Test
    void withoutAKeyEachRequestIsANewOrder() {
        String email = newEmail();
        place(null, body(email, 24, 1)).then().statusCode(201);
        place(null, body(email, 24, 1)).then().statusCode(201);
        assertEquals(2, ordersOf(email));
    }

    @Test
    void notEnoughStockIsAConflictNamingTheProductAndStoresNothing() {
        String email = newEmail();
        catalog.setStock(31, 1);
        place(UUID.randomUUID().toString(), body(email, 30, 1, 31, 2)).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:out-of-stock"))
                .body("detail", containsString("Product 31"));
        assertEquals(0, ordersOf(email));
        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(30), "all lines or none");
    }

    @Test
    void anUnknownProductIsUnprocessableNamingIt() {
        String email = newEmail();
        place(null, body(email, 32, 1, 9001, 1)).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:unknown-product"))
                .body("detail", containsString("9001"));
        assertEquals(0, ordersOf(email));
    }

    @Test
    void productsInAnotherCurrencyThanAskedAreRefusedAndTheirStockReturned() {
        String email = newEmail();
        Map<String, Object> body = Map.of("customer", Map.of("name", "Ada", "email", email),
                "lines", List.of(Map.of("productId", FakeCatalog.DOLLAR_PRODUCT, "quantity", 1)), "currency", "EUR");
        place(null, body).then().statusCode(422).body("type", equalTo("urn:brigade:problem:currency-mismatch"));
        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(FakeCatalog.DOLLAR_PRODUCT));
        assertEquals(0, ordersOf(email));
    }

    @Test
    void duplicateProductLinesAreMergedIntoOne() {
        String email = newEmail();
        place(null, body(email, 33, 2, 34, 1, 33, 3)).then().statusCode(201)
                .body("lines.size()", equalTo(2))
                .body("lines[0].productId", equalTo(33))
                .body("lines[0].quantity", equalTo(5));
        assertEquals(FakeCatalog.DEFAULT_STOCK - 5, catalog.stockOf(33));
    }

    @Test
    void mergedLinesStillRespectTheQuantityLimit() {
        place(null, body(newEmail(), 35, 600, 35, 600)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("Product 35"));
        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(35));
    }

    @Test
    void invalidRequestsAreBadRequestsNamingTheField() {
        String email = newEmail();
        expectInvalid(Map.of("customer", Map.of("name", "Ada", "email", email), "lines", List.of()), "lines");
        expectInvalid(body(email, 36, 0), "lines[0].quantity");
        expectInvalid(body(email, 36, 1001), "lines[0].quantity");
        expectInvalid(body(email, -1, 1), "lines[0].productId");
        expectInvalid(body("not-an-email", 36, 1), "customer.email");
        expectInvalid(Map.of("customer", Map.of("name", " ", "email", email), "lines", List.of(Map.of("productId", 36, "quantity", 1))), "customer.name");
        expectInvalid(Map.of("lines", List.of(Map.of("productId", 36, "quantity", 1))), "customer");
        expectInvalid(Map.of("customer", Map.of("name", "Ada", "email", email),
                "lines", List.of(Map.of("productId", 36, "quantity", 1)), "currency", "eur"), "currency");
        expectInvalid(Map.of("customer", Map.of("name", "Ada", "email", email),
                "lines", List.of(Map.of("productId", 36, "quantity", "two"))), "lines[0].quantity");

        OrderRequests.json().body("{\"customer\": ").post("/api/orders").then().statusCode(400)
                .contentType("application/problem+json");
        place("x".repeat(256), body(email, 36, 1)).then().statusCode(400).contentType("application/problem+json");
        place("has space", body(email, 36, 1)).then().statusCode(400).contentType("application/problem+json");

        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(36));
        assertEquals(0, ordersOf(email));
    }

    @Test
    void cancellingReleasesTheReservationOnceAndTwiceIsHarmless() {
        String email = newEmail();
        String id = place(null, body(email, 41, 4)).then().statusCode(201).extract().jsonPath().getString("id");
        assertEquals(FakeCatalog.DEFAULT_STOCK - 4, catalog.stockOf(41));

        given().post("/api/orders/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("cancelledAt", notNullValue());
        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(41));

        given().post("/api/orders/" + id + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(FakeCatalog.DEFAULT_STOCK, catalog.stockOf(41));
        given().get("/api/orders/" + id).then().statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void unknownOrdersAreNotFound() {
        given().post("/api/orders/no-such-order/cancel").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-order"));
        given().get("/api/orders/no-such-order").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void ordersAreListedNewestFirstAndPaged() {
        String email = newEmail();
        String first = place(null, body(email, 42, 1)).then().statusCode(201).extract().jsonPath().getString("id");
        String second = place(null, body(email, 42, 1)).then().statusCode(201).extract().jsonPath().getString("id");
        given().queryParam("email", email).queryParam("size", 1).get("/api/orders").then().statusCode(200)
                .body("total", equalTo(2)).body("size", equalTo(1)).body("items.size()", equalTo(1))
                .body("items[0].id", equalTo(second));
        given().queryParam("email", email).queryParam("size", 1).queryParam("page", 1).get("/api/orders").then()
                .body("items[0].id", equalTo(first));
        given().queryParam("size", 0).get("/api/orders").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("size", 101).get("/api/orders").then().statusCode(400);
        given().get("/api/orders").then().statusCode(200).body("items.id", hasItem(first));
    }

    private static void expectInvalid(Object body, String field) {
        place(null, body).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    static String awaitInvoiceJob(String orderId) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().get("/api/orders/" + orderId).then().extract().jsonPath().getString("invoiceJobId") != null);
        return given().get("/api/orders/" + orderId).then().body("invoiceJobId", notNullValue()).extract()
                .jsonPath().getString("invoiceJobId");
    }
}
