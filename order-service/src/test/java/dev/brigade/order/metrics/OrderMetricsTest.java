package dev.brigade.order.metrics;

import static dev.brigade.order.api.OrderRequests.lines;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.brigade.order.api.OrderRequests.Shopper;
import dev.brigade.order.standin.FakeCatalog;
import dev.brigade.order.standin.StandIns;
import dev.brigade.testing.Metrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** What /q/metrics tells an operator about checkouts and the outbox. */
@Tag("sql")
@QuarkusTest
@QuarkusTestResource(StandIns.class)
class OrderMetricsTest {

    private static final String CHECKOUTS = "brigade_checkouts_total";

    @Test
    void eachCheckoutIsCountedByHowItEnded() {
        Metrics before = Metrics.scrape();
        Shopper shopper = Shopper.fresh();
        String key = UUID.randomUUID().toString();
        StandIns.catalog().setStock(71, 1);

        shopper.place(key, lines(71, 1)).then().statusCode(201);
        shopper.place(key, lines(71, 1)).then().statusCode(200);
        shopper.place(null, lines(71, 1)).then().statusCode(409);
        shopper.place(null, lines(FakeCatalog.FIRST_UNKNOWN_PRODUCT, 1)).then().statusCode(422);
        StandIns.stopCatalog();
        try {
            shopper.place(null, lines(72, 1)).then().statusCode(503);
        } finally {
            StandIns.startCatalog();
        }

        Metrics after = Metrics.scrape();
        assertEquals(1, grew(before, after, CHECKOUTS, "outcome", "confirmed"));
        assertEquals(1, grew(before, after, CHECKOUTS, "outcome", "replayed"));
        assertEquals(1, grew(before, after, CHECKOUTS, "outcome", "sold_out"));
        assertEquals(1, grew(before, after, CHECKOUTS, "outcome", "rejected"));
        assertEquals(1, grew(before, after, CHECKOUTS, "outcome", "catalog_unavailable"));
        assertEquals(0, grew(before, after, CHECKOUTS, "outcome", "failed"));
        assertEquals(0, grew(before, after, CHECKOUTS, "outcome", "shed"));
    }

    @Test
    void everyOutcomeIsThereFromTheStartSoADashboardCanRateIt() {
        assertEquals(List.of("catalog_unavailable", "confirmed", "failed", "rejected", "replayed", "shed", "sold_out"),
                Metrics.scrape().labelValues(CHECKOUTS, "outcome"));
    }

    @Test
    void anInvoiceWaitingForTheWorkerShowsAsPendingAgeingAndFailingThenAsDelivered() {
        Metrics before = Metrics.scrape();
        StandIns.stopWorker();
        try {
            Shopper.fresh().place(null, lines(73, 1)).then().statusCode(201);
            // The backlog is the database's, read again at most every few seconds; its age grows with each scrape.
            Metrics waiting = awaitMetrics(m -> m.value("brigade_outbox_pending") >= 1
                    && m.value("brigade_outbox_oldest_age_seconds") > 0
                    && m.value("brigade_outbox_failed_total") > before.value("brigade_outbox_failed_total"));
            assertEquals(0, grew(before, waiting, "brigade_outbox_given_up_total"), "a worker away is tried again");
        } finally {
            StandIns.startWorker();
        }

        // The invoice and the reservation's confirmation.
        Metrics after = awaitMetrics(m -> m.value("brigade_outbox_delivered_total")
                - before.value("brigade_outbox_delivered_total") >= 2);
        assertTrue(after.value("brigade_outbox_failed_total") > before.value("brigade_outbox_failed_total"));
    }

    private static Metrics awaitMetrics(Predicate<Metrics> condition) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(Metrics::scrape, condition);
    }

    private static double grew(Metrics before, Metrics after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
