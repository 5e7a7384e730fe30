package dev.brigade.it;

import static dev.brigade.it.Shop.catalog;
import static dev.brigade.it.Shop.createProduct;
import static dev.brigade.it.Shop.order;
import static dev.brigade.it.Shop.orders;
import static dev.brigade.it.Shop.placeOrder;
import static dev.brigade.it.Shop.reservations;
import static dev.brigade.it.Shop.stockOf;
import static dev.brigade.it.Shop.worker;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.brigade.it.KeycloakLogin.User;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The checkout saga across the real, packaged services: catalog reservations, the order, the invoice job. */
class CheckoutSagaIT {

    private static final Duration INVOICE_DEADLINE = Duration.ofSeconds(60);
    /** A busy checkout is sent again this often before its last answer counts (each waits Retry-After first). */
    private static final int BUSY_TRIES = 30;

    @Test
    void aCheckoutTakesStockAndEndsWithAnInvoicePdf() {
        long knife = createProduct("IT Santoku", 10, 4500);
        long board = createProduct("IT Board", 5, 2000);

        JsonPath placed = placeOrder(key(), order(knife, 2, board, 1))
                .then().statusCode(201)
                .header("Location", containsString("/api/orders/"))
                .body("status", equalTo("CONFIRMED"))
                .body("totalCents", equalTo(2 * 4500 + 2000))
                .body("lines", hasSize(2))
                .extract().jsonPath();
        String orderId = placed.getString("id");
        assertEquals(8, stockOf(knife));
        assertEquals(4, stockOf(board));

        String jobId = awaitInvoiceJob(orderId);
        await().atMost(INVOICE_DEADLINE).untilAsserted(() -> worker().get("/api/jobs/" + jobId)
                .then().statusCode(200).body("status", equalTo("SUCCEEDED")).body("progress", equalTo(100)));
        // The invoice is the customer's: she downloads it with her own token.
        byte[] pdf = worker(User.ALICE).get("/api/jobs/" + jobId + "/result")
                .then().statusCode(200).contentType(startsWith("application/pdf")).extract().asByteArray();
        assertArrayEquals("%PDF".getBytes(), Arrays.copyOf(pdf, 4));
        // The stored order confirmed its reservation: catalog's hold on the stock no longer expires.
        await().atMost(INVOICE_DEADLINE).untilAsserted(() -> reservations().get("/api/reservations/" + orderId)
                .then().statusCode(200).body("status", equalTo("CONFIRMED")));
    }

    @Test
    void retryingWithTheSameKeyReturnsTheSameOrderAndReservesNothingMore() {
        long pan = createProduct("IT Pan", 5, 3000);
        String key = key();
        String first = placeOrder(key, order(pan, 2)).then().statusCode(201)
                .extract().jsonPath().getString("id");
        placeOrder(key, order(pan, 2)).then().statusCode(200).body("id", equalTo(first));
        placeOrder(key, order(pan, 3)).then().statusCode(422)
                .contentType("application/problem+json");
        assertEquals(3, stockOf(pan));
    }

    @Test
    void shortStockAndUnknownProductsAreRefusedByName() {
        long rare = createProduct("IT Rare Pepper Mill", 1, 9000);
        placeOrder(key(), order(rare, 2)).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("IT Rare Pepper Mill"));
        placeOrder(key(), order(99_999_999L, 1)).then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("99999999"));
        assertEquals(1, stockOf(rare));
    }

    @Test
    void cancellingRestoresTheStock() {
        long kettle = createProduct("IT Kettle", 4, 5000);
        String id = placeOrder(key(), order(kettle, 3)).then().statusCode(201)
                .extract().jsonPath().getString("id");
        assertEquals(1, stockOf(kettle));
        orders().post("/api/orders/" + id + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        orders().post("/api/orders/" + id + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(4, stockOf(kettle));
        orders().post("/api/orders/no-such-order/cancel").then().statusCode(404);
    }

    @Test
    void twoHundredConcurrentCheckoutsSellExactlyTheStock() throws Exception {
        long hot = createProduct("IT Launch Day Wok", 50, 2500);
        List<Callable<Integer>> checkouts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            checkouts.add(() -> checkoutLikeThePage(key(), order(hot, 1)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : pool.invokeAll(checkouts)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, statuses.stream().filter(s -> s >= 500).count(),
                "no 5xx as a last answer (busy answers were sent again): " + statuses);
        assertEquals(50, statuses.stream().filter(s -> s == 201).count(), "exactly the stock sold: " + statuses);
        assertEquals(150, statuses.stream().filter(s -> s == 409).count(), "the rest refused: " + statuses);
        assertEquals(0, stockOf(hot));
    }

    /**
     * The final status of a checkout sent as the page sends it: a busy answer (503 with Retry-After, the line to
     * catalog full or too slow on a loaded machine) is sent again after that wait with the same Idempotency-Key.
     */
    private static int checkoutLikeThePage(String key, Map<String, Object> body) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Response response = placeOrder(key, body);
            String retryAfter = response.getHeader("Retry-After");
            if (response.statusCode() != 503 || retryAfter == null || attempt == BUSY_TRIES) {
                return response.statusCode();
            }
            Thread.sleep(Duration.ofSeconds(Long.parseLong(retryAfter)));
        }
    }

    static String awaitInvoiceJob(String orderId) {
        String[] jobId = new String[1];
        await().atMost(INVOICE_DEADLINE).untilAsserted(() -> {
            jobId[0] = orders().get("/api/orders/" + orderId).then().statusCode(200).extract().jsonPath()
                    .getString("invoiceJobId");
            assertNotNull(jobId[0], "invoice job not yet accepted by worker-service");
        });
        return jobId[0];
    }

    static String key() {
        return UUID.randomUUID().toString();
    }
}
