package dev.brigade.catalog.tracing;

import static dev.brigade.testing.Traces.newTraceId;
import static dev.brigade.testing.Traces.traceparent;
import static dev.brigade.testing.Traces.traceresponsePattern;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.brigade.testing.ConsoleLines;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Without OTEL_EXPORTER_OTLP_ENDPOINT nothing is exported: no connection to OTLP's default port, no failed-export
 * error in the log; yet every request has a trace, answered in traceresponse and named in its log lines.
 */
@QuarkusTest
class TraceExportOffTest {

    private static final int OTLP_DEFAULT_PORT = 4317;

    @Test
    void withoutAnEndpointNothingConnectsToTheDefaultCollectorAndNothingComplains() throws Exception {
        assumeTrue(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == null, "this run names a collector");
        assertTrue(ConfigProvider.getConfig().getValue("quarkus.otel.exporter.otlp.traces.endpoint", String.class).isBlank());
        try (OtlpListener collector = new OtlpListener(); ConsoleLines console = ConsoleLines.capture()) {
            assumeTrue(collector.listen(OTLP_DEFAULT_PORT), "something else listens on port 4317");
            for (int i = 0; i < 5; i++) {
                String traceId = newTraceId();
                given().header("traceparent", traceparent(traceId)).get("/api/products")
                        .then().statusCode(200).header("traceresponse", matchesPattern(traceresponsePattern(traceId)));
            }
            Thread.sleep(1_500); // spans are handed to exporters every 100 ms in tests

            assertEquals(0, collector.connections(), "connections to the default OTLP port");
            assertEquals(List.of(), console.containing("export"), "log lines about exporting");
        }
    }

    @Test
    void aRequestsLogLineCarriesItsTraceId() {
        String traceId = newTraceId();
        try (ConsoleLines console = ConsoleLines.capture()) {
            // CorsGuard logs the refusal of a foreign origin, once per origin, in the request's trace.
            String origin = "http://" + traceId + ".example";
            given().header("traceparent", traceparent(traceId)).header("Origin", origin)
                    .get("/api/products").then().statusCode(403);

            List<String> refused = console.containing("Refused cross-origin request from origin '" + origin + "'");
            assertEquals(1, refused.size(), refused.toString());
            assertTrue(refused.get(0).contains("traceId=" + traceId + " spanId="), refused.get(0));
        }
    }
}
