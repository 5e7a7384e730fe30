package dev.brigade.order.api;

import static dev.brigade.order.api.OrderRequests.lines;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.brigade.order.standin.StandIns;
import dev.brigade.testing.AccessMatrix;
import dev.brigade.testing.Tokens.Who;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Who may do what at order-service (README, "Identity and access"): a signed-in customer checks out and reads and
 * cancels their own orders; staff read and cancel everyone's and filter by e-mail; an order that is not yours is a
 * 404, as if it did not exist; order-service's own token is no customer.
 */
@QuarkusTest
@QuarkusTestResource(StandIns.class)
class OrderAccessTest {

    private static final long PRODUCT = 71;

    private static final AccessMatrix MATRIX = new AccessMatrix()
            //                                    anonymous customerA customerB staff service
            .rule("POST /api/orders", 401, 201, 201, 403, 403, who -> who.request().contentType(ContentType.JSON)
                    .header("Idempotency-Key", UUID.randomUUID().toString()).body(lines(PRODUCT, 1))
                    .post("/api/orders").statusCode())
            .rule("GET /api/orders", 401, 200, 200, 200, 403, who -> who.request().get("/api/orders").statusCode())
            .rule("GET /api/orders?email=", 401, 403, 403, 200, 403,
                    who -> who.request().queryParam("email", Who.CUSTOMER_A.email).get("/api/orders").statusCode())
            .rule("GET /api/orders/{id}", 401, 200, 404, 200, 403,
                    who -> who.request().get("/api/orders/" + alicesOrder()).statusCode())
            .rule("POST /api/orders/{id}/cancel", 401, 200, 404, 200, 403,
                    who -> who.request().post("/api/orders/" + alicesOrder() + "/cancel").statusCode());

    @TestFactory
    Stream<DynamicTest> everyCallerGetsExactlyItsAnswer() {
        return MATRIX.tests();
    }

    @Test
    void theOrderIsTheSignedInCustomersAndOnlyTheirListShowsIt() {
        String id = alicesOrder();
        Who.CUSTOMER_A.request().get("/api/orders/" + id).then()
                .body("customer.name", equalTo(Who.CUSTOMER_A.name))
                .body("customer.email", equalTo(Who.CUSTOMER_A.email));
        Who.CUSTOMER_A.request().queryParam("size", 100).get("/api/orders").then().body("items.id", hasItem(id));
        Who.CUSTOMER_B.request().queryParam("size", 100).get("/api/orders").then().body("items.id", not(hasItem(id)));
        Who.STAFF.request().queryParam("email", Who.CUSTOMER_A.email).queryParam("size", 100).get("/api/orders")
                .then().body("items.id", hasItem(id));
    }

    @Test
    void anotherCustomersIdempotencyKeyIsAnotherOrder() {
        String key = UUID.randomUUID().toString();
        String alices = Who.CUSTOMER_A.request().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(lines(PRODUCT, 1)).post("/api/orders").then().statusCode(201).extract().path("id");
        Who.CUSTOMER_B.request().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(lines(PRODUCT, 1)).post("/api/orders").then().statusCode(201)
                .body("id", not(equalTo(alices)))
                .body("customer.email", equalTo(Who.CUSTOMER_B.email));
    }

    @Test
    void theInvoiceJobIsSubmittedForTheCustomerWhoOwnsIt() {
        String id = alicesOrder();
        CheckoutTest.awaitInvoiceJob(id);
        org.junit.jupiter.api.Assertions.assertEquals(Who.CUSTOMER_A.subject,
                StandIns.worker().request("invoice:" + id).path("owner").asText());
    }

    /** A fresh order of customer A's (each call: a cancel test must not find it cancelled already). */
    private static String alicesOrder() {
        return Who.CUSTOMER_A.request().contentType(ContentType.JSON).body(lines(PRODUCT, 1)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
    }
}
