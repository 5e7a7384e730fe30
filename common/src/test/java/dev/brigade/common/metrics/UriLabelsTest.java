package dev.brigade.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UriLabelsTest {

    @Test
    void aRouteStaysAndARawPathARequestChoseBecomesUnknown() {
        assertEquals("/api/products/{id}", UriLabels.routeOrUnknown("/api/products/{id}"));
        assertEquals("/q/health/ready", UriLabels.routeOrUnknown("/q/health/ready"));
        assertEquals("NOT_FOUND", UriLabels.routeOrUnknown("NOT_FOUND"));
        assertEquals(UriLabels.UNKNOWN, UriLabels.routeOrUnknown("/api/products/%C3%86%C3%9C#%E4%BF%B7"));
        assertEquals(UriLabels.UNKNOWN, UriLabels.routeOrUnknown("/api/products/" + "x".repeat(200)));
        assertEquals(UriLabels.UNKNOWN, UriLabels.routeOrUnknown("/api/products/a*b"));
    }
}
