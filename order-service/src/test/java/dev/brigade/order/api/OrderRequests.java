package dev.brigade.order.api;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.brigade.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Builds {@code POST /api/orders} calls the way the shop page makes them, each as one signed-in customer. */
public final class OrderRequests {

    private OrderRequests() {
    }

    /** A customer of its own (a fresh token subject), so a test can list exactly its own orders. */
    public record Shopper(String subject, String email, String token) {

        public static Shopper fresh() {
            String id = UUID.randomUUID().toString().substring(0, 8);
            String email = "ada-" + id + "@example.test";
            return new Shopper("ada-" + id, email, Tokens.customer("ada-" + id, "Ada Lovelace", email));
        }

        public RequestSpecification request() {
            return given().auth().oauth2(token);
        }

        public RequestSpecification json() {
            return request().contentType(ContentType.JSON).accept(ContentType.JSON);
        }

        public Response place(String idempotencyKey, Object body) {
            RequestSpecification request = json();
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            return request.body(body).post("/api/orders");
        }

        /** How many orders this customer has. */
        public long orders() {
            return request().get("/api/orders").then().statusCode(200).extract().jsonPath().getLong("total");
        }
    }

    /** A body with lines given as productId, quantity pairs. */
    public static Map<String, Object> lines(long... productIdQuantityPairs) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < productIdQuantityPairs.length; i += 2) {
            lines.add(Map.of("productId", productIdQuantityPairs[i], "quantity", productIdQuantityPairs[i + 1]));
        }
        return Map.of("lines", lines);
    }
}
