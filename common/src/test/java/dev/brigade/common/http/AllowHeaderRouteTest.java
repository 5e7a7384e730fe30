package dev.brigade.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class AllowHeaderRouteTest {

    @Test
    void aTemplateMatchesItsOwnPathOnly() {
        AllowHeader.Route item = AllowHeader.Route.of("/api/products/{id}", Set.of("GET", "PUT", "DELETE"));
        assertTrue(item.pattern().matcher("/api/products/42").matches());
        assertTrue(item.pattern().matcher("/api/products/42/").matches());
        assertFalse(item.pattern().matcher("/api/products").matches());
        assertFalse(item.pattern().matcher("/api/products/42/image").matches());
        assertEquals("DELETE, GET, HEAD, OPTIONS, PUT", item.allow());
    }

    @Test
    void aParameterWithItsOwnRegexKeepsIt() {
        AllowHeader.Route route = AllowHeader.Route.of("/api/jobs/{id: [0-9a-f-]{36}}/result", Set.of("GET"));
        assertTrue(route.pattern().matcher("/api/jobs/123e4567-e89b-12d3-a456-426614174000/result").matches());
        assertFalse(route.pattern().matcher("/api/jobs/nope/result").matches());
    }

    @Test
    void literalCharactersInTheTemplateAreNotRegex() {
        AllowHeader.Route route = AllowHeader.Route.of("/api/v1.0/things", Set.of("POST"));
        assertFalse(route.pattern().matcher("/api/v1x0/things").matches());
        assertEquals("OPTIONS, POST", route.allow());
    }
}
