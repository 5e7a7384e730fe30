package dev.brigade.it;

import static dev.brigade.it.CheckoutSagaIT.awaitInvoiceJob;
import static dev.brigade.it.CheckoutSagaIT.key;
import static dev.brigade.it.Shop.createProduct;
import static dev.brigade.it.Shop.order;
import static dev.brigade.it.Shop.orders;
import static dev.brigade.it.Shop.worker;
import static dev.brigade.testing.Traces.newTraceId;
import static dev.brigade.testing.Traces.traceparent;
import static dev.brigade.testing.Traces.traceresponsePattern;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.brigade.it.OtlpTraceReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.restassured.http.ContentType;

/**
 * One checkout through the packaged services and a real child JVM is one trace, as the services export it over OTLP:
 * the page's span (the {@code traceparent} this test sends), order-service's {@code POST /api/orders}, catalog's
 * reservation, the outbox relay's delivery, the worker's run of the invoice job and the child's render, each one's
 * parents leading back to the page's span. Spans of a hop tried again (a delivery, a job's attempt) may be there too.
 */
class OrderTraceIT {

    /** From the 201 to the last span exported: the relay's poll, the job's queue and run, two export intervals. */
    private static final Duration TRACE_DEADLINE = Duration.ofSeconds(90);

    @Test
    void oneCheckoutIsOneTraceFromThePageThroughTheOutboxAndTheQueueIntoTheChild() {
        OtlpTraceReceiver receiver = RunningServices.get().traces();
        String traceId = newTraceId();
        String pageParent = traceparent(traceId);
        String pageSpanId = pageParent.split("-")[2];
        receiver.watch(traceId);
        long mug = createProduct("IT Traced Mug", 3, 1200);

        String orderId = orders().contentType(ContentType.JSON).header("Idempotency-Key", key())
                .header("traceparent", pageParent).body(order(mug, 1))
                .post("/api/orders")
                .then().statusCode(201).header("traceresponse", matchesPattern(traceresponsePattern(traceId)))
                .extract().path("id");
        String jobId = awaitInvoiceJob(orderId);
        await("invoice job " + jobId + " of order " + orderId + " succeeds").atMost(TRACE_DEADLINE)
                .untilAsserted(() -> worker().get("/api/jobs/" + jobId).then().statusCode(200)
                        .body("status", equalTo("SUCCEEDED")));

        ReceivedSpan job = await("the worker's run of job " + jobId + " and every span above it reach the receiver")
                .atMost(TRACE_DEADLINE)
                .until(() -> spanWithUnbrokenChain(receiver, traceId, pageSpanId, named("job invoice")), Optional::isPresent)
                .orElseThrow();
        // Each service exports its spans in batches on its own schedule: catalog's may come after the worker's.
        await("catalog's reservation in the trace of order " + orderId + " reaches the receiver").atMost(TRACE_DEADLINE)
                .untilAsserted(() -> {
                    Map<String, ReceivedSpan> received = byId(receiver.spansOf(traceId));
                    assertFalse(spans(received, "catalog-service", SpanKind.SPAN_KIND_SERVER, "POST /api/reservations")
                            .isEmpty(), "catalog's reservation is in the checkout's trace: " + describe(received));
                });
        Map<String, ReceivedSpan> trace = byId(receiver.spansOf(traceId));
        List<ReceivedSpan> checkouts = spans(trace, "order-service", SpanKind.SPAN_KIND_SERVER, "POST /api/orders");
        assertEquals(1, checkouts.size(), "one checkout request, one server span: " + describe(trace));
        ReceivedSpan checkout = checkouts.getFirst();
        assertEquals(pageSpanId, checkout.parentSpanId(), "the checkout's parent is the page's span: " + describe(trace));
        List<ReceivedSpan> reservations = spans(trace, "catalog-service", SpanKind.SPAN_KIND_SERVER, "POST /api/reservations");
        reservations.forEach(reservation -> assertTrue(descendsFrom(reservation, checkout, trace),
                "catalog's reservation is part of the checkout: " + describe(trace)));
        // A delivery tried again adds a span per attempt: the job's run follows the one that reached the worker.
        ReceivedSpan delivery = chain(job, trace).stream()
                .filter(span -> span.service().equals("order-service") && span.kind() == SpanKind.SPAN_KIND_CONSUMER
                        && span.name().equals("outbox deliver INVOICE_JOB"))
                .findFirst().orElseThrow(() -> new AssertionError("the job's run follows the relay's delivery: " + describe(trace)));
        assertTrue(descendsFrom(delivery, checkout, trace), "the relay's delivery is part of the checkout: " + describe(trace));
        assertEquals("worker-service", job.service());

        ReceivedSpan render = await("the child's render span of job " + jobId + " and its parents up to the page's span "
                + "reach the receiver").atMost(TRACE_DEADLINE)
                .until(() -> spanWithUnbrokenChain(receiver, traceId, pageSpanId, span -> span.name().contains("render")),
                        Optional::isPresent)
                .orElseThrow();
        Map<String, ReceivedSpan> withChild = byId(receiver.spansOf(traceId));
        assertTrue(chain(render, withChild).stream().skip(1).anyMatch(span -> span.service().equals("worker-service")
                        && span.name().equals(job.name())),
                "the child's render is part of a run of the job: " + describe(withChild));
    }

    /** The first span the filter picks whose parents, one by one, all reached the receiver and end at the page's. */
    private static Optional<ReceivedSpan> spanWithUnbrokenChain(OtlpTraceReceiver receiver, String traceId,
                                                                String pageSpanId, Predicate<ReceivedSpan> filter) {
        Map<String, ReceivedSpan> trace = byId(receiver.spansOf(traceId));
        return trace.values().stream().filter(filter)
                .filter(span -> pageSpanId.equals(chain(span, trace).getLast().parentSpanId()))
                .findFirst();
    }

    /** The span, its parent, its parent's parent ... as far as the received spans go (a trace has no cycles). */
    private static List<ReceivedSpan> chain(ReceivedSpan span, Map<String, ReceivedSpan> trace) {
        List<ReceivedSpan> chain = new ArrayList<>();
        for (ReceivedSpan at = span; at != null && chain.size() <= trace.size(); at = trace.get(at.parentSpanId())) {
            chain.add(at);
        }
        return chain;
    }

    private static boolean descendsFrom(ReceivedSpan span, ReceivedSpan ancestor, Map<String, ReceivedSpan> trace) {
        return chain(span, trace).stream().skip(1).anyMatch(parent -> parent.spanId().equals(ancestor.spanId()));
    }

    private static List<ReceivedSpan> spans(Map<String, ReceivedSpan> trace, String service, SpanKind kind, String name) {
        return trace.values().stream()
                .filter(span -> span.service().equals(service) && span.kind() == kind && span.name().equals(name)).toList();
    }

    private static Predicate<ReceivedSpan> named(String name) {
        return span -> span.name().equals(name);
    }

    private static Map<String, ReceivedSpan> byId(List<ReceivedSpan> spans) {
        return spans.stream().collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity(), (a, b) -> a));
    }

    private static String describe(Map<String, ReceivedSpan> trace) {
        return trace.values().stream()
                .map(span -> span.service() + " " + span.kind() + " '" + span.name() + "' " + span.spanId() + " <- " + span.parentSpanId())
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
