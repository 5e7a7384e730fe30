package dev.brigade.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * The OpenAPI contract every service keeps, so that a client generator can use its document: a license and a
 * server, a unique {@code operationId} on every operation, and every 4xx/5xx answer declared with the problem
 * schema. Implement it in a {@code @QuarkusTest} of the service.
 */
public interface OpenApiContract {

    List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch");

    private static JsonPath document() {
        return ManagementPort.given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath();
    }

    @Test
    default void theDocumentNamesItsLicenseAndServer() {
        JsonPath doc = document();
        assertEquals("Apache-2.0", doc.getString("info.license.name"));
        assertFalse(doc.getList("servers").isEmpty(), "servers");
        assertTrue(doc.getMap("components.schemas").containsKey("Problem"), "the Problem schema");
    }

    @Test
    default void everyOperationHasItsOwnId() {
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> operation : operations(document()).entrySet()) {
            Object id = operation.getValue().get("operationId");
            assertTrue(id instanceof String && !((String) id).isBlank(), operation.getKey() + " has no operationId");
            assertTrue(ids.add((String) id), "operationId " + id + " is used twice");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    default void everyErrorAnswerIsDeclaredAsAProblem() {
        for (Map.Entry<String, Map<String, Object>> operation : operations(document()).entrySet()) {
            Map<String, Map<String, Object>> responses =
                    (Map<String, Map<String, Object>>) operation.getValue().get("responses");
            assertTrue(responses.containsKey("500"), operation.getKey() + " declares no 500");
            List<String> errors = new ArrayList<>(responses.keySet().stream()
                    .filter(code -> code.startsWith("4") || code.startsWith("5")).toList());
            for (String code : errors) {
                Map<String, Object> content = (Map<String, Object>) responses.get(code).get("content");
                assertTrue(content != null && content.containsKey("application/problem+json"),
                        operation.getKey() + " " + code + " is not declared as application/problem+json");
                Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) content
                        .get("application/problem+json")).get("schema");
                assertEquals("#/components/schemas/Problem", schema.get("$ref"), operation.getKey() + " " + code);
            }
        }
    }

    @Test
    default void aRequestForAMediaTypeNoOperationWritesIsA406Problem() {
        String path = operations(document()).keySet().stream().filter(op -> op.startsWith("GET ") && !op.contains("{"))
                .findFirst().orElseThrow().substring(4);
        given().accept("text/csv").get(path).then().statusCode(406).contentType("application/problem+json");
    }

    /** "GET /api/products" → the operation. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> operations(JsonPath doc) {
        Map<String, Map<String, Object>> operations = new java.util.LinkedHashMap<>();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            for (String method : METHODS) {
                Object operation = path.getValue().get(method);
                if (operation != null) {
                    operations.put(method.toUpperCase() + " " + path.getKey(), (Map<String, Object>) operation);
                }
            }
        }
        assertFalse(operations.isEmpty(), "the document lists no operation");
        return operations;
    }
}
