package dev.brigade.order.tracing;

import static dev.brigade.order.api.OrderRequests.lines;
import static org.awaitility.Awaitility.await;
import static dev.brigade.testing.Traces.newTraceId;
import static dev.brigade.testing.Traces.traceparent;
import static dev.brigade.testing.Traces.traceresponsePattern;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.brigade.contracts.InvoiceJob;
import dev.brigade.order.api.OrderRequests.Shopper;
import dev.brigade.order.standin.StandIns;
import dev.brigade.testing.ConsoleLines;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * One checkout, one trace: the page's traceparent is answered in traceresponse, reaches catalog's reservation,
 * and the outbox relay's delivery of the invoice job, later and on another thread, is a span of the same trace.
 */
@QuarkusTest
@QuarkusTestResource(StandIns.class)
class CheckoutTraceTest {

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void forgetEarlierSpans() {
        spans.reset();
    }

    @Test
    void theCheckoutAnswersInTheTraceThePageStartedAndCarriesItToCatalog() {
        String traceId = newTraceId();

        String orderId = checkout(traceId)
                .then().statusCode(201)
                .header("traceresponse", matchesPattern(traceresponsePattern(traceId)))
                .extract().path("id");

        boolean reservationInTrace = StandIns.catalogServer().getAllServeEvents().stream()
                .map(event -> event.getRequest())
                .filter(request -> request.getUrl().equals("/api/reservations") && request.getBodyAsString().contains(orderId))
                .anyMatch(request -> Optional.ofNullable(request.getHeader("traceparent")).orElse("").contains(traceId));
        assertTrue(reservationInTrace, "catalog's reservation of order " + orderId + " carries trace " + traceId);
    }

    @Test
    void theRelaysDeliveryOfTheInvoiceJobIsASpanOfTheCheckoutsTrace() {
        String traceId = newTraceId();
        String orderId = checkout(traceId).then().statusCode(201).extract().path("id");

        SpanData delivery = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> spanNamed(traceId, "outbox deliver INVOICE_JOB"), Optional::isPresent).orElseThrow();
        Map<String, SpanData> trace = spansOf(traceId);
        SpanData checkout = trace.values().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER && span.getName().equals("POST /api/orders"))
                .findFirst().orElseThrow(() -> new AssertionError("no checkout span in " + trace.values()));

        assertEquals(SpanKind.CONSUMER, delivery.getKind());
        assertTrue(descendsFrom(delivery, checkout, trace), "the delivery's parents lead to the checkout: " + trace.values());
        assertNotEquals(StatusCode.ERROR, delivery.getStatus().getStatusCode());
        // The request carries many orders' jobs, so each job names its delivery's span for the worker's run to continue.
        assertEquals("00-" + traceId + "-" + delivery.getSpanId() + "-01",
                StandIns.worker().request(InvoiceJob.keyFor(orderId)).path("traceParent").asText());
    }

    @Test
    void theCheckoutsStatementsAreSpansOfItsTraceAndThePollersStartNoTraceOfTheirOwn() {
        String traceId = newTraceId();
        checkout(traceId).then().statusCode(201);

        // The delivery follows the relay's query for due messages, made outside any trace.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> spanNamed(traceId, "outbox deliver INVOICE_JOB"), Optional::isPresent);
        assertTrue(spansOf(traceId).values().stream().anyMatch(CheckoutTraceTest::isStatement),
                "the checkout's inserts are JDBC spans of its trace");
        assertTrue(spans.getFinishedSpanItems().stream()
                        .noneMatch(span -> isStatement(span) && !span.getParentSpanContext().isValid()),
                "no statement starts a trace of its own");
    }

    @Test
    void theRelaysLogLineCarriesTheCheckoutsTraceId() {
        String traceId = newTraceId();
        try (ConsoleLines console = ConsoleLines.capture()) {
            String orderId = checkout(traceId).then().statusCode(201).extract().path("id");

            List<String> accepted = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> console.containing("accepted for order " + orderId), found -> !found.isEmpty());
            assertTrue(accepted.get(0).contains("traceId=" + traceId), accepted.get(0));
        }
    }

    private static Response checkout(String traceId) {
        return Shopper.fresh().json()
                .header("traceparent", traceparent(traceId))
                .body(lines(61, 1))
                .post("/api/orders");
    }

    private Optional<SpanData> spanNamed(String traceId, String name) {
        return spansOf(traceId).values().stream().filter(span -> span.getName().equals(name)).findFirst();
    }

    private Map<String, SpanData> spansOf(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId))
                .collect(Collectors.toMap(SpanData::getSpanId, Function.identity(), (a, b) -> a));
    }

    private static boolean isStatement(SpanData span) {
        return span.getKind() == SpanKind.CLIENT && (span.getAttributes().get(AttributeKey.stringKey("db.system.name")) != null
                || span.getAttributes().get(AttributeKey.stringKey("db.system")) != null);
    }

    private static boolean descendsFrom(SpanData span, SpanData ancestor, Map<String, SpanData> trace) {
        for (SpanData at = span; at != null; at = trace.get(at.getParentSpanId())) {
            if (at.getParentSpanId().equals(ancestor.getSpanId())) {
                return true;
            }
        }
        return false;
    }
}
