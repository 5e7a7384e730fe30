package dev.brigade.catalog.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.brigade.testing.FreePorts;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The other half of {@link TraceExportOffTest}: with OTEL_EXPORTER_OTLP_ENDPOINT set, the spans go there. */
@QuarkusTest
@TestProfile(TraceExportOnTest.WithACollector.class)
class TraceExportOnTest {

    public static class WithACollector implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + FreePorts.next());
        }
    }

    @Test
    void withAnEndpointTheSpansAreExportedThere() throws Exception {
        URI endpoint = URI.create(ConfigProvider.getConfig().getValue("quarkus.otel.exporter.otlp.traces.endpoint", String.class));
        try (OtlpListener collector = new OtlpListener()) {
            assumeTrue(collector.listen(endpoint.getPort()), "the collector's port was taken meanwhile");
            given().get("/api/products").then().statusCode(200);

            for (int waited = 0; collector.connections() == 0 && waited < 15_000; waited += 100) {
                Thread.sleep(100);
            }
            assertTrue(collector.connections() > 0, "the exporter connected to " + endpoint);
        }
    }

}
