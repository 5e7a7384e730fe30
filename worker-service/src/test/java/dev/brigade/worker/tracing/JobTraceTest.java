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

import java.time.Duration;
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
 * thread, makes its run a child of the span that submitted it.
 */
@QuarkusTest
class JobTraceTest {

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
    }

    private Optional<SpanData> spanNamed(String traceId, String name) {
        return spansOf(traceId).stream().filter(span -> span.getName().equals(name)).findFirst();
    }

    private List<SpanData> spansOf(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }
}
