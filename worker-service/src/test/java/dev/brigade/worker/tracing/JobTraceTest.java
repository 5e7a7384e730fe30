package dev.brigade.worker.tracing;

import static dev.brigade.testing.Traces.newTraceId;
import static dev.brigade.testing.Traces.traceparent;
import static dev.brigade.testing.Traces.traceresponsePattern;
import static dev.brigade.worker.api.JobsApi.awaitStatus;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.brigade.testing.Tokens.Who;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A job runs in the trace it was submitted in: the dispatcher, which claims it from the table later and on its own
 * thread, makes its run a child of the span that submitted it; each attempt on a child is a span under it, and the
 * spans the child recorded (sent back over its stdout) hang under their attempt, at the child's own times.
 */
@QuarkusTest
class JobTraceTest {

    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("brigade.job.attempt");
    private static final AttributeKey<Long> PAGE = AttributeKey.longKey("brigade.invoice.page");
    private static final AttributeKey<String> CHILD_EXIT = AttributeKey.stringKey("brigade.child.exit");

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void forgetEarlierSpans() {
        spans.reset();
    }

    @Test
    void theDispatchersRunOfAJobIsASpanOfTheTraceThatSubmittedIt() {
        String traceId = newTraceId();
        String id = Who.STAFF.request()
                .header("traceparent", traceparent(traceId))
                .contentType(ContentType.JSON).body("{\"type\":\"echo\",\"payload\":{\"say\":\"hello\"}}")
                .post("/api/jobs")
                .then().statusCode(202)
                .header("traceresponse", matchesPattern(traceresponsePattern(traceId)))
                .extract().path("id");
        awaitStatus(id, "SUCCEEDED");

        SpanData run = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> spanNamed(traceId, "job echo"), Optional::isPresent).orElseThrow();
        SpanData submission = spanNamed(traceId, "POST /api/jobs").orElseThrow(
                () -> new AssertionError("no submission span in " + spansOf(traceId)));

        assertEquals(submission.getSpanId(), run.getParentSpanId(), "the run's parent is the submission");
        assertEquals(SpanKind.CONSUMER, run.getKind());
        assertEquals(id, run.getAttributes().get(AttributeKey.stringKey("brigade.job.id")));
        assertNotEquals(StatusCode.ERROR, run.getStatus().getStatusCode());
    }

    @Test
    void eachJobOfABatchRunsInTheTraceItNamesNotTheRequests() {
        String requestTrace = newTraceId();
        List<String> traceIds = List.of(newTraceId(), newTraceId());
        List<String> parents = traceIds.stream().map(traceId -> traceparent(traceId)).toList();
        String jobs = String.join(",", parents.stream().map(parent -> "{\"type\":\"echo\",\"payload\":{},"
                + "\"traceParent\":\"" + parent + "\"}").toList());
        List<String> ids = Who.STAFF.request()
                .header("traceparent", traceparent(requestTrace))
                .contentType(ContentType.JSON).body("{\"jobs\":[" + jobs + "]}")
                .post("/api/jobs/batch")
                .then().statusCode(200).extract().path("jobs.job.id");

        for (int i = 0; i < ids.size(); i++) {
            awaitStatus(ids.get(i), "SUCCEEDED");
            String traceId = traceIds.get(i);
            SpanData run = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> spanNamed(traceId, "job echo"), Optional::isPresent).orElseThrow();
            assertEquals(parents.get(i).split("-")[2], run.getParentSpanId(), "the run continues its own trace");
            assertEquals(ids.get(i), run.getAttributes().get(AttributeKey.stringKey("brigade.job.id")));
        }
        assertTrue(spansOf(requestTrace).stream().noneMatch(span -> span.getName().startsWith("job ")),
                "no job runs in the batch request's trace: " + spansOf(requestTrace));
    }

    @Test
    void aJobWhoseChildDiesOnEveryAttemptLeavesItsSpanWithTheError() {
        String traceId = newTraceId();
        String id = Who.STAFF.request()
                .header("traceparent", traceparent(traceId))
                .contentType(ContentType.JSON).body("{\"type\":\"crash\",\"payload\":{\"halt\":true}}")
                .post("/api/jobs")
                .then().statusCode(202).extract().path("id");
        awaitStatus(id, "FAILED");

        SpanData run = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> spanNamed(traceId, "job crash"), Optional::isPresent).orElseThrow();
        assertEquals(StatusCode.ERROR, run.getStatus().getStatusCode());
        assertFalse(run.getStatus().getDescription().isBlank(), "the span says what went wrong");

        List<SpanData> attempts = spansOf(traceId).stream().filter(span -> span.getName().equals("child run crash"))
                .sorted(Comparator.comparing(span -> span.getAttributes().get(ATTEMPT))).toList();
        assertEquals(List.of(1L, 2L, 3L), attempts.stream().map(span -> span.getAttributes().get(ATTEMPT)).toList(),
                "a span per attempt: " + spansOf(traceId));
        for (SpanData attempt : attempts) {
            assertEquals(run.getSpanId(), attempt.getParentSpanId());
            assertEquals(StatusCode.ERROR, attempt.getStatus().getStatusCode());
            long pid = attempt.getAttributes().get(AttributeKey.longKey("brigade.child.pid"));
            assertEquals("child " + pid + " exited with code 3", attempt.getStatus().getDescription());
            assertEquals("code 3", attempt.getAttributes().get(CHILD_EXIT));
        }
    }

    @Test
    void anInvoicesTraceGoesOnIntoTheChildItsRenderAndEachPageUnderTheAttemptThatRanThem() {
        String traceId = newTraceId();
        String traceparent = traceparent(traceId);
        String id = Who.ORDER_SERVICE.request()
                .header("traceparent", traceparent)
                .contentType(ContentType.JSON).body(invoiceJob(40))
                .post("/api/jobs")
                .then().statusCode(202).extract().path("id");
        awaitStatus(id, "SUCCEEDED");

        // The job's run ends last: the child's spans and the attempt's are recorded before the outcome.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> spanNamed(traceId, "job invoice"), Optional::isPresent);
        SpanData render = spanNamed(traceId, "invoice render").orElseThrow(
                () -> new AssertionError("no render span in " + spansOf(traceId)));
        List<SpanData> chain = parentsOf(render, traceId);
        assertEquals(List.of("invoice render", "child run invoice", "job invoice", "POST /api/jobs"),
                chain.stream().map(SpanData::getName).toList(), "the render's parents, up to the submission");
        assertEquals(traceparent.substring(36, 52), chain.get(3).getParentSpanId(), "and the submitter's span");

        SpanData attempt = chain.get(1);
        assertEquals(1L, attempt.getAttributes().get(ATTEMPT));
        assertNotEquals(StatusCode.ERROR, attempt.getStatus().getStatusCode());
        assertTrue(attempt.getStartEpochNanos() <= render.getStartEpochNanos()
                && render.getEndEpochNanos() <= attempt.getEndEpochNanos(),
                "the child's render, at the child's times, lies within the attempt that waited for it");
        assertEquals(attempt.getSpanId(), spanNamed(traceId, "invoice parse").orElseThrow().getParentSpanId());
        assertEquals(40L, spanNamed(traceId, "invoice parse").orElseThrow().getAttributes()
                .get(AttributeKey.longKey("brigade.invoice.lines")));

        List<SpanData> pages = spansOf(traceId).stream().filter(span -> span.getName().equals("invoice page"))
                .sorted(Comparator.comparing(span -> span.getAttributes().get(PAGE))).toList();
        assertEquals(List.of(1L, 2L), pages.stream().map(span -> span.getAttributes().get(PAGE)).toList(),
                "40 lines take two pages");
        assertEquals(2L, render.getAttributes().get(AttributeKey.longKey("brigade.invoice.pages")));
        pages.forEach(page -> assertEquals(render.getSpanId(), page.getParentSpanId()));
    }

    @Test
    void aChildKilledMidJobLeavesItsAttemptsSpanWithTheSignalAndTheRetryRunsInTheSameTrace() throws Exception {
        Path marker = Files.createTempDirectory("job-trace").resolve("first-attempt");
        String traceId = newTraceId();
        String id = Who.STAFF.request()
                .header("traceparent", traceparent(traceId))
                .contentType(ContentType.JSON).body("{\"type\":\"hang\",\"payload\":{\"marker\":\"" + marker + "\"}}")
                .post("/api/jobs")
                .then().statusCode(202).extract().path("id");
        long pid = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(marker) ? childRunning(id) : 0, p -> p > 0);

        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL, in the middle of the job
        awaitStatus(id, "SUCCEEDED");

        List<SpanData> attempts = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> spansOf(traceId).stream().filter(span -> span.getName().equals("child run hang"))
                        .sorted(Comparator.comparing(span -> span.getAttributes().get(ATTEMPT))).toList(),
                        found -> found.size() == 2);
        SpanData killed = attempts.get(0);
        assertEquals(pid, killed.getAttributes().get(AttributeKey.longKey("brigade.child.pid")));
        assertEquals(StatusCode.ERROR, killed.getStatus().getStatusCode());
        assertEquals("child " + pid + " exited with signal SIGKILL", killed.getStatus().getDescription());
        assertEquals("signal SIGKILL", killed.getAttributes().get(CHILD_EXIT));
        assertNotEquals(StatusCode.ERROR, attempts.get(1).getStatus().getStatusCode(), "the retry succeeded");
        assertEquals(killed.getParentSpanId(), attempts.get(1).getParentSpanId(), "both under the job's run");
    }

    /** The span and its parents up to the first one not in this trace's finished spans. */
    private List<SpanData> parentsOf(SpanData span, String traceId) {
        List<SpanData> chain = new ArrayList<>();
        for (SpanData next = span; next != null; ) {
            chain.add(next);
            String parentId = next.getParentSpanId();
            next = spansOf(traceId).stream().filter(s -> s.getSpanId().equals(parentId)).findFirst().orElse(null);
        }
        return chain;
    }

    /** An invoice job as order-service submits it, with {@code lines} lines. */
    private static String invoiceJob(int lines) {
        StringBuilder body = new StringBuilder("{\"type\":\"invoice\",\"payload\":{\"orderId\":\"o-trace\","
                + "\"customer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\"},\"currency\":\"EUR\","
                + "\"createdAt\":\"2026-11-24T10:15:30Z\",\"lines\":[");
        for (int i = 1; i <= lines; i++) {
            body.append(i > 1 ? "," : "").append("{\"productId\":").append(i).append(",\"name\":\"Item ").append(i)
                    .append("\",\"quantity\":1,\"unitPriceCents\":100}");
        }
        return body.append("]},\"owner\":\"alice\"}").toString();
    }

    private static long childRunning(String jobId) {
        List<Long> pids = Who.STAFF.request().get("/api/workers").then().statusCode(200).extract().jsonPath()
                .getList("workers.findAll { it.currentJobId == '" + jobId + "' }.pid", Long.class);
        return pids.isEmpty() ? 0 : pids.get(0);
    }

    private Optional<SpanData> spanNamed(String traceId, String name) {
        return spansOf(traceId).stream().filter(span -> span.getName().equals(name)).findFirst();
    }

    private List<SpanData> spansOf(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }
}
