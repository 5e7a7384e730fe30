package dev.brigade.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.brigade.it.KeycloakLogin.User;
import dev.brigade.it.RunningServices.Service;
import dev.brigade.testing.AccessMatrix;
import dev.brigade.testing.Tokens.Who;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The access rules with tokens from the real Keycloak (the module tests check every operation with signed test
 * tokens; this checks that Keycloak's tokens mean the same): alice and bob (customers), sam (staff) and
 * order-service's client credentials, against the packaged services.
 */
class AccessIT {

    private static final AccessMatrix MATRIX = new AccessMatrix();
    private static String alicesOrder;
    private static String alicesInvoiceJob;
    private static long product;

    @BeforeAll
    static void alicesOrderAndInvoice() {
        product = Shop.createProduct("IT Access Ladle", 50, 1500);
        alicesOrder = Shop.placeOrder(CheckoutSagaIT.key(), Shop.order(product, 1)).then().statusCode(201)
                .extract().path("id");
        alicesInvoiceJob = CheckoutSagaIT.awaitInvoiceJob(alicesOrder);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Shop.worker().get("/api/jobs/" + alicesInvoiceJob)
                .then().body("status", equalTo("SUCCEEDED")));
    }

    static {
        //                                             anonymous alice bob sam order-service
        rule("catalog GET /api/products", 200, 200, 200, 200, 200, request -> request
                .baseUri(url(Service.CATALOG)).get("/api/products").statusCode());
        rule("catalog DELETE /api/products/{id}", 401, 403, 403, 204, 403, request -> request
                .baseUri(url(Service.CATALOG)).delete("/api/products/" + Shop.createProduct("IT Doomed", 1, 100))
                .statusCode());
        rule("catalog GET /api/reservations/{id}", 401, 403, 403, 403, 200, request -> request
                .baseUri(url(Service.CATALOG)).get("/api/reservations/" + alicesOrder).statusCode());
        rule("order POST /api/orders", 401, 201, 201, 403, 403, request -> request
                .baseUri(url(Service.ORDER)).contentType(ContentType.JSON).header("Idempotency-Key", CheckoutSagaIT.key())
                .body(Shop.order(product, 1)).post("/api/orders").statusCode());
        rule("order GET /api/orders?email=", 401, 403, 403, 200, 403, request -> request
                .baseUri(url(Service.ORDER)).queryParam("email", User.ALICE.email).get("/api/orders").statusCode());
        rule("order GET alice's order", 401, 200, 404, 200, 403, request -> request
                .baseUri(url(Service.ORDER)).get("/api/orders/" + alicesOrder).statusCode());
        rule("worker GET alice's invoice PDF", 401, 200, 404, 200, 404, request -> request
                .baseUri(url(Service.WORKER)).get("/api/jobs/" + alicesInvoiceJob + "/result").statusCode());
        rule("worker GET /api/jobs", 401, 403, 403, 200, 403, request -> request
                .baseUri(url(Service.WORKER)).get("/api/jobs").statusCode());
        rule("worker GET /api/workers", 401, 403, 403, 200, 403, request -> request
                .baseUri(url(Service.WORKER)).get("/api/workers").statusCode());
    }

    /** Customer A is alice, customer B bob, staff sam, and order-service its own client. */
    @TestFactory
    Stream<DynamicTest> everyCallerGetsExactlyItsAnswer() {
        return MATRIX.tests();
    }

    private static RequestSpecification as(Who who) {
        return switch (who) {
            case ANONYMOUS -> given();
            case CUSTOMER_A -> given().auth().oauth2(KeycloakLogin.token(User.ALICE));
            case CUSTOMER_B -> given().auth().oauth2(KeycloakLogin.token(User.BOB));
            case STAFF -> given().auth().oauth2(KeycloakLogin.token(User.SAM));
            case ORDER_SERVICE -> given().auth().oauth2(KeycloakLogin.serviceToken());
        };
    }

    private static void rule(String operation, int anonymous, int alice, int bob, int sam, int service,
            Function<RequestSpecification, Integer> call) {
        MATRIX.rule(operation, anonymous, alice, bob, sam, service, who -> call.apply(as(who)));
    }

    private static String url(Service service) {
        return RunningServices.get().url(service);
    }
}
