package dev.brigade.order.api;

import static dev.brigade.order.api.OrderRequests.lines;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.brigade.order.api.OrderRequests.Shopper;
import dev.brigade.order.standin.StandIns;
import dev.brigade.testing.ManagementPort;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** What an operator's readiness probe and the first shopper after it see (client/ClientWarmUp). */
@QuarkusTest
@QuarkusTestResource(StandIns.class)
class ReadinessTest {

    @Test
    void readyOnceTheTokenIsFetchedAndCatalogAndWorkerAnsweredAndTheFirstOrderGetsItsInvoice() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> ManagementPort.given().get("/q/health/ready").statusCode() == 200);
        ManagementPort.given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'warm-up' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'warm-up' }.data.reason", equalTo("warm"))
                .body("checks.find { it.name == 'warm-up' }.data.'catalog-service'", equalTo("warm"))
                .body("checks.find { it.name == 'warm-up' }.data.'worker-service'", equalTo("warm"));

        Shopper shopper = Shopper.fresh();
        String id = shopper.place(null, lines(61, 1)).then().statusCode(201).extract().jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> shopper.request().get("/api/orders/" + id).jsonPath().getString("invoiceJobId") != null);
    }
}
