package dev.brigade.order.domain;

import static dev.brigade.order.api.OrderRequests.lines;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.contracts.InvoiceJob;
import dev.brigade.order.api.OrderRequests.Shopper;
import dev.brigade.order.standin.StandIns;
import dev.brigade.order.store.OutboxRepository;
import dev.brigade.testing.Tokens.Who;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@Tag("sql")
@QuarkusTest
@QuarkusTestResource(StandIns.class)
class OutboxRelayTest {

    @Test
    void invoicesOrderedWhileTheWorkerIsDownArriveOnceWhenItIsBack() throws InterruptedException {
        List<String> orderIds = new ArrayList<>();
        StandIns.stopWorker();
        try {
            for (int i = 0; i < 3; i++) {
                orderIds.add(Shopper.fresh().place(null, lines(61, 1)).then().statusCode(201).extract().jsonPath().getString("id"));
            }
            // Several relay passes (every 200 ms in tests) fail while the worker is away.
            Thread.sleep(1_500);
            for (String id : orderIds) {
                assertNull(invoiceJobIdOf(id), "no invoice job while the worker is down");
                assertEquals(0, StandIns.worker().submissions("invoice:" + id));
            }
        } finally {
            StandIns.startWorker();
        }

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> orderIds.stream().allMatch(id -> invoiceJobIdOf(id) != null));
        // A few more relay passes must not submit anything again.
        Thread.sleep(1_000);
        for (String id : orderIds) {
            assertEquals(1, StandIns.worker().submissions("invoice:" + id), "exactly one job request for " + id);
        }
    }

    @Inject
    OutboxRepository outbox;

    @Inject
    ObjectMapper json;

    @Test
    void invoiceJobsDueTogetherGoToTheWorkerInOneRequestEachAnsweredOnItsOwn() throws Exception {
        List<String> orderIds = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), UUID.randomUUID().toString());
        String unreadable = UUID.randomUUID().toString();
        StandIns.worker().refuse(InvoiceJob.keyFor(orderIds.get(3)));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<String> payloads = new ArrayList<>();
        for (String id : orderIds) {
            payloads.add(json.writeValueAsString(InvoiceJob.of("someone", new InvoiceJob.Payload(id,
                    new InvoiceJob.Customer("Some One", "someone@example.com"),
                    List.of(new InvoiceJob.Line(61, "Product 61", 1, 100)), "EUR", now))));
        }
        // Written in one transaction, outside a checkout: the relay's poll finds them due together.
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < orderIds.size(); i++) {
                outbox.persist(OutboxMessage.of(OutboxMessage.Kind.INVOICE_JOB, orderIds.get(i), payloads.get(i), now, now));
            }
            outbox.persist(OutboxMessage.of(OutboxMessage.Kind.INVOICE_JOB, unreadable, "not an invoice job", now, now));
        });

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                Stream.concat(orderIds.stream(), Stream.of(unreadable)).map(this::invoiceMessageOf)
                        .allMatch(message -> message.deliveredAt != null || message.failedAt != null));
        List<String> keys = orderIds.stream().map(InvoiceJob::keyFor).toList();
        List<List<String>> requests = StandIns.worker().requests().stream()
                .filter(request -> request.stream().anyMatch(keys::contains)).toList();
        assertEquals(List.of(keys), requests, "the four jobs in one request, once");
        for (String id : orderIds.subList(0, 3)) {
            assertNotNull(invoiceMessageOf(id).deliveredAt, "delivered: " + id);
        }
        assertTrue(invoiceMessageOf(orderIds.get(3)).lastError.contains("422"), invoiceMessageOf(orderIds.get(3)).lastError);
        assertTrue(invoiceMessageOf(unreadable).lastError.contains("holds no invoice job"),
                invoiceMessageOf(unreadable).lastError);
    }

    @Test
    void aStoredOrderConfirmsItsReservationSoThatItsHoldNoLongerExpires() {
        String id = Shopper.fresh().place(null, lines(61, 1)).then().statusCode(201).extract().jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> "CONFIRMED".equals(StandIns.catalog().statusOf(id)));
    }

    @Test
    void anInvoiceRefusedForGoodIsGivenUpAtOnceAndTheNextOneStillGoesThrough() throws InterruptedException {
        String poisoned;
        StandIns.stopWorker();
        try {
            poisoned = Shopper.fresh().place(null, lines(61, 1)).then().statusCode(201).extract().jsonPath().getString("id");
            StandIns.worker().refuse("invoice:" + poisoned);
        } finally {
            StandIns.startWorker();
        }
        String healthy = Shopper.fresh().place(null, lines(61, 1)).then().statusCode(201).extract().jsonPath()
                .getString("id");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> invoiceJobIdOf(healthy) != null && invoiceMessageOf(poisoned).failedAt != null);
        OutboxMessage given = invoiceMessageOf(poisoned);
        assertTrue(given.lastError.contains("422"), given.lastError);
        assertNull(invoiceJobIdOf(poisoned));
        Thread.sleep(1_000); // a few more relay passes
        assertEquals(1, StandIns.worker().submissions("invoice:" + poisoned), "a refusal is not tried again");
    }

    @Test
    void invoicesGoOutWhileCatalogKeepsTheirStockConfirmationsWaiting() {
        // Every confirmation hangs past its 2 s time-out: the stock messages' lane is busy with them and retries.
        StandIns.catalogServer().stubFor(post(urlPathEqualTo("/api/reservations/confirmations")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(60_000)));
        List<String> orderIds = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                String id = Shopper.fresh().place(null, lines(61, 1)).then().statusCode(201).extract().jsonPath()
                        .getString("id");
                orderIds.add(id);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                        .until(() -> invoiceJobIdOf(id) != null);
            }
            for (String id : orderIds) {
                assertEquals("ACTIVE", StandIns.catalog().statusOf(id), "its confirmation is still on its way");
            }
        } finally {
            StandIns.resetCatalogStubs();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> orderIds.stream().allMatch(id -> "CONFIRMED".equals(StandIns.catalog().statusOf(id))));
    }

    @Test
    void confirmationsWrittenTogetherGoToCatalogAsOneCallAndAnUnknownReservationIsGivenUp() {
        String first = reservedAtCatalog();
        String second = reservedAtCatalog();
        String unknown = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        QuarkusTransaction.requiringNew().run(() -> List.of(first, second, unknown).forEach(id -> outbox.persist(
                OutboxMessage.of(OutboxMessage.Kind.CONFIRM_RESERVATION, id, null, now, now))));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> confirmationOf(unknown).failedAt != null);
        assertEquals("CONFIRMED", StandIns.catalog().statusOf(first));
        assertEquals("CONFIRMED", StandIns.catalog().statusOf(second));
        assertTrue(confirmationOf(first).deliveredAt != null && confirmationOf(second).deliveredAt != null);
        assertTrue(confirmationOf(unknown).lastError.contains("has no reservation " + unknown),
                confirmationOf(unknown).lastError);
        List<String> calls = StandIns.catalogServer()
                .findAll(postRequestedFor(urlPathEqualTo("/api/reservations/confirmations"))).stream()
                .map(request -> request.getBodyAsString()).filter(body -> body.contains(first)).toList();
        assertEquals(1, calls.size(), () -> "one call for the three: " + calls);
        assertTrue(calls.get(0).contains(second) && calls.get(0).contains(unknown), calls.get(0));
    }

    @Test
    void anOrderCancelledBeforeItsConfirmationWentOutLeavesNothingGivenUp() {
        Shopper shopper = Shopper.fresh();
        String id = shopper.place(null, lines(61, 1)).then().statusCode(201).extract().jsonPath().getString("id");
        shopper.request().post("/api/orders/" + id + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> confirmationOf(id).deliveredAt != null || confirmationOf(id).failedAt != null);
        assertNull(confirmationOf(id).failedAt, () -> confirmationOf(id).lastError);
        assertEquals("RELEASED", StandIns.catalog().statusOf(id));
    }

    /** A reservation made at the stand-in catalog directly, so that no order's outbox confirms it. */
    private static String reservedAtCatalog() {
        String id = UUID.randomUUID().toString();
        given().baseUri(StandIns.catalogServer().baseUrl()).contentType("application/json")
                .body(Map.of("reservationId", id, "lines", List.of(Map.of("productId", 61, "quantity", 1))))
                .post("/api/reservations").then().statusCode(201);
        return id;
    }

    private OutboxMessage confirmationOf(String orderId) {
        return QuarkusTransaction.requiringNew().call(() -> outbox
                .find("orderId = ?1 and kind = ?2", orderId, OutboxMessage.Kind.CONFIRM_RESERVATION).firstResult());
    }

    @Inject
    OutboxRetention retention;

    @Test
    void deliveredMessagesOlderThanAWeekAreDeletedOthersStay() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long old = insert(now.minusDays(8), now.minusDays(8), null);
        long recent = insert(now.minusDays(6), now.minusDays(6), null);
        long pending = insert(now.minusDays(30), null, null);
        long givenUp = insert(now.minusDays(30), null, now.minusDays(29));

        retention.purge();

        QuarkusTransaction.requiringNew().run(() -> {
            assertNull(outbox.findById(old), "delivered 8 days ago");
            assertTrue(outbox.findByIdOptional(recent).isPresent(), "delivered 6 days ago");
            assertTrue(outbox.findByIdOptional(pending).isPresent(), "not delivered yet");
            assertTrue(outbox.findByIdOptional(givenUp).isPresent(), "given up: kept for a person to look at");
            outbox.delete("id in ?1", List.of(pending, givenUp, recent));
        });
    }

    private long insert(OffsetDateTime created, OffsetDateTime delivered, OffsetDateTime failed) {
        OutboxMessage message = OutboxMessage.of(OutboxMessage.Kind.RELEASE_RESERVATION, "retention-test", null,
                created, created.plusYears(1));
        message.deliveredAt = delivered;
        message.failedAt = failed;
        QuarkusTransaction.requiringNew().run(() -> outbox.persist(message));
        return message.id;
    }

    private OutboxMessage invoiceMessageOf(String orderId) {
        return QuarkusTransaction.requiringNew().call(() -> outbox
                .find("orderId = ?1 and kind = ?2", orderId, OutboxMessage.Kind.INVOICE_JOB).firstResult());
    }

    private static String invoiceJobIdOf(String orderId) {
        return Who.STAFF.request().get("/api/orders/" + orderId).then().statusCode(200).extract().jsonPath().getString("invoiceJobId");
    }
}
