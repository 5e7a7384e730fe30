package dev.brigade.order.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.brigade.order.api.OrderRequests.lines;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.brigade.order.api.OrderRequests.Shopper;
import dev.brigade.order.standin.FakeCatalog;
import dev.brigade.order.standin.StandIns;
import dev.brigade.testing.Metrics;
import dev.brigade.testing.Tokens.Who;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** catalog-service down, slow or failing: the customer gets a 503 problem quickly, and no order is left behind. */
@Tag("sql")
@QuarkusTest
@QuarkusTestResource(StandIns.class)
class CatalogFaultToleranceTest {

    private static final long SLOW_PRODUCT = 501;
    private static final long FAILING_PRODUCT = 502;
    private static final long HOT_PRODUCT = 503;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    @AfterEach
    void healTheCatalog() {
        StandIns.resetCatalogStubs();
        breakers.resetAll();
    }

    @Test
    void catalogDownIsAServiceUnavailableProblemAndNoOrder() {
        Shopper shopper = Shopper.fresh();
        StandIns.stopCatalog();
        try {
            shopper.place(UUID.randomUUID().toString(), lines(51, 1)).then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.equalTo("urn:brigade:problem:service-unavailable"))
                    .body("detail", containsString("catalog-service cannot be reached"));
        } finally {
            StandIns.startCatalog();
        }
        assertEquals(0, shopper.orders());
        // Once it is back, the same order goes through.
        shopper.place(null, lines(51, 1)).then().statusCode(201);
    }

    @Test
    void aSlowCatalogIsAServiceUnavailableProblemWithinAFewSecondsNotAHang() {
        Shopper shopper = Shopper.fresh();
        // The catalog reserves the stock at once but answers only after 12 s.
        StandIns.catalogServer().stubFor(post(urlPathEqualTo("/api/reservations"))
                .withRequestBody(matchingJsonPath("$.lines[0].productId", equalTo(String.valueOf(SLOW_PRODUCT))))
                .atPriority(1)
                .willReturn(aResponse().withFixedDelay(12_000).withTransformers(FakeCatalog.NAME)));

        // The bound is above the 5 s timeout and far below the catalog's 12 s: it tells a timeout from a hang.
        shopper.place(null, lines(SLOW_PRODUCT, 1)).then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("did not answer in time"))
                .time(lessThan(8_000L));
        assertEquals(0, shopper.orders());
        // The stock the timed-out reservation took is released as soon as the checkout gave up on it.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> StandIns.catalog().stockOf(SLOW_PRODUCT) == FakeCatalog.DEFAULT_STOCK);
    }

    @Test
    void cancellingWhileTheCatalogIsDownCancelsAtOnceAndReleasesTheStockWhenItIsBack() {
        Shopper shopper = Shopper.fresh();
        String id = shopper.place(null, lines(53, 2)).then().statusCode(201).extract().jsonPath().getString("id");
        assertEquals(FakeCatalog.DEFAULT_STOCK - 2, StandIns.catalog().stockOf(53));
        StandIns.stopCatalog();
        try {
            shopper.request().post("/api/orders/" + id + "/cancel").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("CANCELLED"));
        } finally {
            StandIns.startCatalog();
        }
        breakers.resetAll();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> StandIns.catalog().stockOf(53) == FakeCatalog.DEFAULT_STOCK);
    }

    @Test
    void aBurstBeyondTheLineIsTurnedAwayAsBusyWithRetryAfterAndTheBreakerStaysClosed() throws Exception {
        // Each reservation of this product takes 3 s; the test profile lets 2 run and 6 wait (15 s at most), so all
        // eleven have arrived before the first turn ends, on any machine.
        StandIns.catalogServer().stubFor(post(urlPathEqualTo("/api/reservations"))
                .withRequestBody(matchingJsonPath("$.lines[0].productId", equalTo(String.valueOf(HOT_PRODUCT))))
                .atPriority(1)
                .willReturn(aResponse().withFixedDelay(3_000).withTransformers(FakeCatalog.NAME)));
        int before = StandIns.catalog().stockOf(HOT_PRODUCT);
        double shedBefore = Metrics.scrape().value("brigade_checkouts_total", "outcome", "shed");
        Shopper shopper = Shopper.fresh();

        List<Callable<Response>> checkouts = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            checkouts.add(() -> shopper.place(UUID.randomUUID().toString(), lines(HOT_PRODUCT, 1)));
        }
        ExecutorService clients = Executors.newFixedThreadPool(checkouts.size());
        List<Response> answers = new ArrayList<>();
        try {
            for (Future<Response> answer : clients.invokeAll(checkouts)) {
                answers.add(answer.get());
            }
        } finally {
            clients.shutdownNow();
        }

        List<Response> busy = answers.stream().filter(answer -> answer.statusCode() == 503).toList();
        assertEquals(8, answers.stream().filter(answer -> answer.statusCode() == 201).count(), "2 in flight + 6 waiting");
        assertEquals(3, busy.size(), "the rest turned away");
        for (Response answer : busy) {
            assertEquals("1", answer.header("Retry-After"));
            assertEquals("application/problem+json", answer.contentType());
            assertEquals("urn:brigade:problem:shop-busy", answer.jsonPath().getString("type"));
        }
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(CatalogGateway.RESERVE_BREAKER));
        assertEquals(before - 8, StandIns.catalog().stockOf(HOT_PRODUCT), "the turned-away checkouts reserved nothing");
        assertEquals(8, shopper.orders());
        assertEquals(shedBefore + 3, Metrics.scrape().value("brigade_checkouts_total", "outcome", "shed"));
    }

    @Test
    void anOpenBreakerAnswersRetryAfterItsDelay() {
        breakers.resetAll();
        StandIns.catalogServer().stubFor(post(urlPathEqualTo("/api/reservations"))
                .withRequestBody(matchingJsonPath("$.lines[0].productId", equalTo(String.valueOf(FAILING_PRODUCT))))
                .atPriority(1)
                .willReturn(aResponse().withStatus(502)));
        for (int i = 0; i < 4; i++) {
            Shopper.fresh().place(null, lines(FAILING_PRODUCT, 1)).then().statusCode(503);
        }
        Shopper.fresh().place(null, lines(52, 1)).then().statusCode(503)
                .header("Retry-After", "5")
                .body("type", org.hamcrest.Matchers.equalTo("urn:brigade:problem:catalog-failing"));
    }

    @Test
    void theCircuitBreakerOpensAfterRepeatedFailuresAndSparesTheCatalog() {
        StandIns.catalogServer().stubFor(post(urlPathEqualTo("/api/reservations"))
                .withRequestBody(matchingJsonPath("$.lines[0].productId", equalTo(String.valueOf(FAILING_PRODUCT))))
                .atPriority(1)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"urn:brigade:problem:internal-error\",\"status\":500,\"detail\":\"boom\"}")));

        // Each checkout tries three times; four failing checkouts pass the breaker's window of ten calls.
        for (int i = 0; i < 4; i++) {
            Shopper.fresh().place(null, lines(FAILING_PRODUCT, 1)).then().statusCode(503);
        }
        assertEquals(CircuitBreakerState.OPEN, breakers.currentState(CatalogGateway.RESERVE_BREAKER));

        // While it is open, even a healthy order is refused at once, and the catalog does not see the call.
        int callsBefore = StandIns.catalogServer().findAll(postRequestedFor(urlPathEqualTo("/api/reservations"))).size();
        Shopper shopper = Shopper.fresh();
        shopper.place(null, lines(52, 1)).then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("paused"));
        assertEquals(callsBefore, StandIns.catalogServer().findAll(postRequestedFor(urlPathEqualTo("/api/reservations"))).size());
        assertEquals(FakeCatalog.DEFAULT_STOCK, StandIns.catalog().stockOf(52));
        assertEquals(0, shopper.orders());

        breakers.resetAll();
        shopper.place(null, lines(52, 1)).then().statusCode(201);
    }
}
