package dev.brigade.it;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.brigade.it.KeycloakLogin.User;
import dev.brigade.it.RunningServices.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Small helpers that talk to the running services the way the page does, each call signed in as someone: a
 * customer (alice unless a test says otherwise), staff (sam) or order-service itself, with tokens from the real
 * Keycloak.
 */
final class Shop {

    private Shop() {
    }

    /** catalog-service without a token: reading products is public. */
    static RequestSpecification catalog() {
        return given().baseUri(RunningServices.get().url(Service.CATALOG));
    }

    static RequestSpecification catalog(User user) {
        return catalog().auth().oauth2(KeycloakLogin.token(user));
    }

    /** catalog-service's reservation API, as order-service calls it. */
    static RequestSpecification reservations() {
        return catalog().auth().oauth2(KeycloakLogin.serviceToken());
    }

    static RequestSpecification orders() {
        return orders(User.ALICE);
    }

    static RequestSpecification orders(User user) {
        return given().baseUri(RunningServices.get().url(Service.ORDER)).auth().oauth2(KeycloakLogin.token(user));
    }

    /** worker-service as staff, who see every job. */
    static RequestSpecification worker() {
        return worker(User.SAM);
    }

    static RequestSpecification worker(User user) {
        return given().baseUri(RunningServices.get().url(Service.WORKER)).auth().oauth2(KeycloakLogin.token(user));
    }

    static long createProduct(String name, int stock, long priceCents) {
        return catalog(User.SAM).contentType(ContentType.JSON)
                .body(Map.of("name", name, "description", "Made for the integration suite", "category", "kitchen",
                        "priceCents", priceCents, "currency", "EUR", "stock", stock))
                .post("/api/products")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static int stockOf(long productId) {
        return catalog().get("/api/products/" + productId).then().statusCode(200).extract().jsonPath().getInt("stock");
    }

    /** An order's body: lines as productId, quantity pairs. The customer is whoever is signed in. */
    static Map<String, Object> order(Object... productAndQuantity) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            lines.add(Map.of("productId", productAndQuantity[i], "quantity", productAndQuantity[i + 1]));
        }
        return Map.of("lines", lines);
    }

    /** Alice places the order. */
    static Response placeOrder(String idempotencyKey, Map<String, Object> body) {
        return orders().contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey).body(body)
                .post("/api/orders");
    }
}
