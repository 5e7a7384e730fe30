package dev.brigade.it;

import static dev.brigade.it.Shop.createProduct;
import static dev.brigade.it.Shop.order;
import static dev.brigade.it.Shop.orders;
import static dev.brigade.it.Shop.placeOrder;
import static dev.brigade.it.Shop.stockOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.brigade.it.KeycloakLogin.User;
import dev.brigade.it.RunningServices.Service;
import io.restassured.path.json.JsonPath;

/**
 * A flash sale against the packaged services, all pinned to one core by the suite: 200 buyers at once for 50 units.
 * Each buyer behaves like the page: a "busy" answer (503 or 429 with Retry-After) is sent again after that wait with
 * the same Idempotency-Key; any other answer is final.
 */
class FlashSaleIT {

    private static final int BUYERS = 200;
    private static final int STOCK = 50;
    /** A busy buyer tries this often before the test calls the shop stuck (each try waits Retry-After first). */
    private static final int MAX_TRIES = 30;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One answer a buyer saw. */
    record Answer(int status, String retryAfter, String contentType, String body) {
        boolean busy() {
            return (status == 503 || status == 429) && retryAfter != null;
        }
    }

    @Test
    void twoHundredBuyersAtOnceGetFiftyConfirmedOrdersAndClearAnswersAndTheShopStaysOpen() throws Exception {
        long hot = createProduct("IT Flash Sale Dutch Oven", STOCK, 9900);
        Map<String, List<Answer>> answersByBuyer = new ConcurrentHashMap<>();

        List<CompletableFuture<Answer>> buyers = new ArrayList<>();
        for (int i = 0; i < BUYERS; i++) {
            String key = UUID.randomUUID().toString();
            List<Answer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            answersByBuyer.put(key, seen);
            // Two customers share the buyers: a key is its customer's own, so every buyer's order is a new one.
            buyers.add(buy(i % 2 == 0 ? User.ALICE : User.BOB, key, body(hot), seen, 1));
        }
        // Every buyer gets a final answer: this bound only turns a hang into a failure, it is not a speed target.
        CompletableFuture.allOf(buyers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);

        List<Answer> all = answersByBuyer.values().stream().flatMap(List::stream).toList();
        List<Answer> unexpected = all.stream().filter(a -> a.status() != 201 && a.status() != 409 && !a.busy()).toList();
        assertEquals(List.of(), unexpected, "only 201, 409 or a busy answer with Retry-After");
        all.stream().filter(a -> a.status() != 201).forEach(a ->
                assertTrue(a.contentType().startsWith("application/problem+json"), "a problem body: " + a));

        List<Answer> finals = buyers.stream().map(CompletableFuture::join).toList();
        Map<Integer, Long> finalStatuses = finals.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
        assertEquals(Map.of(201, (long) STOCK, 409, (long) (BUYERS - STOCK)), finalStatuses,
                "every buyer ends with an order or a sold-out answer (busy answers seen on the way: "
                        + all.stream().filter(Answer::busy).count() + ")");

        Set<String> orderIds = finals.stream().filter(a -> a.status() == 201)
                .map(a -> JsonPath.from(a.body()).getString("id")).collect(Collectors.toSet());
        assertEquals(STOCK, orderIds.size(), "fifty different orders");
        for (String id : orderIds) {
            orders(User.SAM).get("/api/orders/" + id).then().statusCode(200).body("status", equalTo("CONFIRMED"));
        }
        assertEquals(0, stockOf(hot), "the stock is sold, none of it stranded");

        // Right after the burst the shop takes a normal order at the first try: no open breaker, no line left behind.
        long other = createProduct("IT Everyday Spatula", 5, 900);
        placeOrder(UUID.randomUUID().toString(), order(other, 1)).then().statusCode(201);
    }

    private CompletableFuture<Answer> buy(User buyer, String key, String body, List<Answer> seen, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RunningServices.get().url(Service.ORDER) + "/api/orders"))
                .header("Authorization", "Bearer " + KeycloakLogin.token(buyer))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            Answer answer = new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
            seen.add(answer);
            if (!answer.busy() || attempt == MAX_TRIES) {
                return CompletableFuture.completedFuture(answer);
            }
            long wait = Long.parseLong(answer.retryAfter());
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(wait, TimeUnit.SECONDS))
                    .thenCompose(ignored -> buy(buyer, key, body, seen, attempt + 1));
        });
    }

    private static String body(long productId) {
        return "{\"lines\":[{\"productId\":" + productId + ",\"quantity\":1}]}";
    }
}
