package dev.brigade.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import dev.brigade.it.RunningServices.Service;

/**
 * The packaged page's server tells the page where the services are (CATALOG_URL, ORDER_URL, WORKER_URL) and where it
 * signs people in (OIDC_ISSUER, OIDC_CLIENT_ID).
 */
class ShopConfigIT {

    @Test
    void thePageLearnsTheServiceUrlsFromTheEnvironment() {
        RunningServices services = RunningServices.get();
        given().baseUri(services.url(Service.FRONTEND)).get("/config.json").then()
                .statusCode(200)
                .body("catalogUrl", equalTo(services.url(Service.CATALOG)))
                .body("orderUrl", equalTo(services.url(Service.ORDER)))
                .body("workerUrl", equalTo(services.url(Service.WORKER)))
                .body("oidcAuthority", equalTo(services.issuer()))
                .body("oidcClientId", equalTo("brigade-shop"));
    }

    @Test
    void thePageIsServedFromItsOwnOrigin() {
        given().baseUri(RunningServices.get().url(Service.FRONTEND)).get("/").then()
                .statusCode(200).contentType(startsWith("text/html"));
    }
}
