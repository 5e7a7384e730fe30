package dev.brigade.catalog.api;

import static dev.brigade.catalog.api.ProductResourceTest.create;
import static dev.brigade.catalog.api.ProductResourceTest.product;
import static dev.brigade.catalog.api.ReservationResourceTest.reservation;
import static dev.brigade.testing.Tokens.Who.ORDER_SERVICE;
import static dev.brigade.testing.Tokens.Who.STAFF;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.brigade.testing.AccessMatrix;
import dev.brigade.testing.Tokens;
import dev.brigade.testing.Tokens.Who;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Who may do what at catalog-service (README, "Identity and access"): reading is public, changing products is
 * staff's, and the reservation API is order-service's alone. Each operation is tried by every caller.
 */
@QuarkusTest
class CatalogAccessTest {

    private static final AccessMatrix MATRIX = new AccessMatrix()
            //                                  anonymous customerA customerB staff service
            .rule("GET /api/products", 200, 200, 200, 200, 200, who -> who.request().get("/api/products").statusCode())
            .rule("GET /api/products/{id}", 200, 200, 200, 200, 200,
                    who -> who.request().get("/api/products/" + create(product("Read me", 3))).statusCode())
            .rule("GET /api/products/{id}/image", 200, 200, 200, 200, 200,
                    who -> who.request().get("/api/products/" + create(product("Picture", 3)) + "/image").statusCode())
            .rule("GET /api/categories", 200, 200, 200, 200, 200, who -> who.request().get("/api/categories").statusCode())
            .rule("POST /api/products", 401, 403, 403, 201, 403, who -> who.request().contentType(ContentType.JSON)
                    .body(product("New", 1)).post("/api/products").statusCode())
            .rule("PUT /api/products/{id}", 401, 403, 403, 200, 403, CatalogAccessTest::replace)
            .rule("POST /api/products/{id}/stock", 401, 403, 403, 200, 403, who -> who.request()
                    .contentType(ContentType.JSON).body(Map.of("change", 5))
                    .post("/api/products/" + create(product("Restocked", 1)) + "/stock").statusCode())
            .rule("DELETE /api/products/{id}", 401, 403, 403, 204, 403,
                    who -> who.request().delete("/api/products/" + create(product("Doomed", 1))).statusCode())
            .rule("POST /api/reservations", 401, 403, 403, 403, 201, who -> who.request().contentType(ContentType.JSON)
                    .body(reservation(UUID.randomUUID().toString(), create(product("Held", 5)), 1))
                    .post("/api/reservations").statusCode())
            .rule("GET /api/reservations/{id}", 401, 403, 403, 403, 200,
                    reserved((who, id) -> who.request().get("/api/reservations/" + id).statusCode()))
            .rule("POST /api/reservations/confirmations", 401, 403, 403, 403, 200, reserved((who, id) -> who.request()
                    .contentType(ContentType.JSON).body(Map.of("reservationIds", List.of(id)))
                    .post("/api/reservations/confirmations").statusCode()))
            .rule("DELETE /api/reservations/{id}", 401, 403, 403, 403, 204,
                    reserved((who, id) -> who.request().delete("/api/reservations/" + id).statusCode()));

    @TestFactory
    Stream<DynamicTest> everyCallerGetsExactlyItsAnswer() {
        return MATRIX.tests();
    }

    @Test
    void aRefusalIsAProblemAndA401SaysHowToAuthenticate() {
        given().contentType(ContentType.JSON).body(product("Anonymous", 1)).post("/api/products")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"brigade\""))
                .body("type", equalTo("urn:brigade:problem:unauthenticated"));
        Who.CUSTOMER_A.request().contentType(ContentType.JSON).body(product("Customer's", 1)).post("/api/products")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:forbidden"));
    }

    @Test
    void anExpiredTokenOrOneForAnotherAudienceIsRefusedAsInvalid() {
        for (String token : new String[] {Tokens.expiredToken(), Tokens.tokenForAnotherAudience()}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(product("Stale", 1)).post("/api/products")
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        }
    }

    @Test
    void aBadTokenOnAPublicReadDoesNotMatter() {
        given().auth().oauth2(Tokens.expiredToken()).get("/api/products").then().statusCode(200);
    }

    private static int replace(Who who) {
        long id = create(product("Edited", 2));
        String etag = STAFF.request().get("/api/products/" + id).then().extract().header("ETag");
        Map<String, Object> changed = Map.of("name", "Edited again", "description", "", "category", "kitchen",
                "priceCents", 999, "currency", "EUR");
        return who.request().contentType(ContentType.JSON).header("If-Match", etag).body(changed)
                .put("/api/products/" + id).statusCode();
    }

    /** An operation on a reservation order-service has just made. */
    private static Function<Who, Integer> reserved(java.util.function.BiFunction<Who, String, Integer> call) {
        return who -> {
            String id = UUID.randomUUID().toString();
            ORDER_SERVICE.request().contentType(ContentType.JSON)
                    .body(reservation(id, create(product("Reserved", 5)), 1))
                    .post("/api/reservations").then().statusCode(201);
            return call.apply(who, id);
        };
    }
}
