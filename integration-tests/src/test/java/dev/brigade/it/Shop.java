package dev.brigade.it;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.brigade.it.RunningServices.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Small helpers that talk to the running services the way the page does. */
final class Shop {

    private Shop() {
    }

    static RequestSpecification catalog() {
        return given().baseUri(RunningServices.get().url(Service.CATALOG));
    }

    static RequestSpecification orders() {
        return given().baseUri(RunningServices.get().url(Service.ORDER));
    }

    static RequestSpecification worker() {
        return given().baseUri(RunningServices.get().url(Service.WORKER));
    }

    static long createProduct(String name, int stock, long priceCents) {
        return catalog().contentType(ContentType.JSON)
                .body(Map.of("name", name, "description", "Made for the integration suite", "category", "kitchen",
                        "priceCents", priceCents, "currency", "EUR", "stock", stock))
                .post("/api/products")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static int stockOf(long productId) {
        return catalog().get("/api/products/" + productId).then().statusCode(200).extract().jsonPath().getInt("stock");
    }

    static Map<String, Object> order(String email, Object... productAndQuantity) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            lines.add(Map.of("productId", productAndQuantity[i], "quantity", productAndQuantity[i + 1]));
        }
        return Map.of("customer", Map.of("name", "Ada Lovelace", "email", email), "lines", lines);
    }

    static Response placeOrder(String idempotencyKey, Map<String, Object> body) {
        return orders().contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey).body(body)
                .post("/api/orders");
    }
}
