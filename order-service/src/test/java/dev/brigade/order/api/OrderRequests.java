package dev.brigade.order.api;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Builds {@code POST /api/orders} calls the way the shop page makes them. */
public final class OrderRequests {

    private OrderRequests() {
    }

    /** A fresh customer e-mail, so a test can list exactly its own orders. */
    public static String newEmail() {
        return "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    /** A body with lines given as productId, quantity pairs. */
    public static Map<String, Object> body(String email, long... productIdQuantityPairs) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < productIdQuantityPairs.length; i += 2) {
            lines.add(Map.of("productId", productIdQuantityPairs[i], "quantity", productIdQuantityPairs[i + 1]));
        }
        return Map.of("customer", Map.of("name", "Ada Lovelace", "email", email), "lines", lines);
    }

    public static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static Response place(String idempotencyKey, Object body) {
        RequestSpecification request = json();
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(body).post("/api/orders");
    }

    public static long ordersOf(String email) {
        return given().queryParam("email", email).get("/api/orders").then().statusCode(200)
                .extract().jsonPath().getLong("total");
    }
}
