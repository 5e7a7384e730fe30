package dev.brigade.it;

import static dev.brigade.it.CheckoutSagaIT.awaitInvoiceJob;
import static dev.brigade.it.CheckoutSagaIT.key;
import static dev.brigade.it.Shop.createProduct;
import static dev.brigade.it.Shop.order;
import static dev.brigade.it.Shop.orders;
import static dev.brigade.it.Shop.placeOrder;
import static dev.brigade.it.Shop.worker;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.brigade.it.RunningServices.Service;

/** What the shop does while one of its services is down. Each test brings the service back before it ends. */
class ServiceOutageIT {

    @Test
    void withCatalogDownACheckoutIsA503AndLeavesNoOrder() {
        long mill = createProduct("IT Salt Mill", 5, 1500);
        RunningServices services = RunningServices.get();
        services.stop(Service.CATALOG);
        try {
            long before = ordersOfAlice();
            long started = System.nanoTime();
            placeOrder(key(), order(mill, 1)).then().statusCode(503)
                    .contentType("application/problem+json");
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            org.hamcrest.MatcherAssert.assertThat("answered within a few seconds", seconds, lessThan(10L));
            assertEquals(before, ordersOfAlice(), "no order was stored");
        } finally {
            services.start(Service.CATALOG);
        }
    }

    private static long ordersOfAlice() {
        return orders().get("/api/orders").then().statusCode(200).extract().jsonPath().getLong("total");
    }

    @Test
    void ordersPlacedWhileTheWorkerIsDownGetTheirInvoicesWhenItIsBack() {
        long cup = createProduct("IT Espresso Cup", 10, 1200);
        RunningServices services = RunningServices.get();
        services.stop(Service.WORKER);
        List<String> orderIds = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                orderIds.add(placeOrder(key(), order(cup, 1)).then().statusCode(201)
                        .extract().jsonPath().getString("id"));
            }
            RunningServices.sleep(3_000);
            for (String id : orderIds) {
                assertNull(orders().get("/api/orders/" + id).then().extract().jsonPath().getString("invoiceJobId"));
            }
        } finally {
            services.start(Service.WORKER);
        }
        for (String id : orderIds) {
            String jobId = awaitInvoiceJob(id);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> worker().get("/api/jobs/" + jobId)
                    .then().statusCode(200).body("status", equalTo("SUCCEEDED")));
            // The relay may deliver more than once; the idempotent key keeps it one job per order.
            List<String> keys = worker().queryParam("size", 100).get("/api/jobs")
                    .then().statusCode(200).extract().jsonPath().getList("items.key", String.class);
            assertEquals(1, keys.stream().filter(("invoice:" + id)::equals).count(), "one invoice job for " + id);
        }
    }
}
