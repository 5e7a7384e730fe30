package dev.brigade.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.brigade.it.KeycloakLogin.User;
import dev.brigade.it.RunningServices.Service;

/** The operations the fuzzer drives, read from a service's OpenAPI document, and who sends each. */
final class FuzzedOperations {

    private FuzzedOperations() {
    }

    /** Who sends an operation's requests. */
    enum Caller {
        ANONYMOUS, ALICE, STAFF, ORDER_SERVICE;

        String token() {
            return switch (this) {
                case ANONYMOUS -> null;
                case ALICE -> KeycloakLogin.token(User.ALICE);
                case STAFF -> KeycloakLogin.token(User.SAM);
                case ORDER_SERVICE -> KeycloakLogin.serviceToken();
            };
        }
    }

    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("\\{(token|tampered):([A-Z_]+)}");

    /**
     * A header value with its tokens: {@code {token:ALICE}} is alice's access token at the time of sending, and
     * {@code {tampered:ALICE}} the same with its signature's last characters changed.
     */
    static String withTokens(String value) {
        return TOKEN.matcher(value).replaceAll(match -> {
            String token = Caller.valueOf(match.group(2)).token();
            return java.util.regex.Matcher.quoteReplacement(match.group(1).equals("token") ? token
                    : token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA"));
        });
    }

    /** Who may call what (README, "Identity and access"); an operation with no security in its document is public. */
    private static final Map<String, Caller> CALLERS = Map.ofEntries(
            Map.entry("createProduct", Caller.STAFF), Map.entry("replaceProduct", Caller.STAFF),
            Map.entry("changeStock", Caller.STAFF),
            Map.entry("deleteProduct", Caller.STAFF),
            Map.entry("reserveStock", Caller.ORDER_SERVICE), Map.entry("getReservation", Caller.ORDER_SERVICE),
            Map.entry("confirmReservations", Caller.ORDER_SERVICE), Map.entry("releaseReservation", Caller.ORDER_SERVICE),
            Map.entry("placeOrder", Caller.ALICE), Map.entry("listOrders", Caller.ALICE),
            Map.entry("getOrder", Caller.ALICE), Map.entry("cancelOrder", Caller.ALICE),
            Map.entry("listJobs", Caller.STAFF), Map.entry("getJob", Caller.STAFF),
            Map.entry("streamJobEvents", Caller.STAFF), Map.entry("getJobResult", Caller.STAFF),
            Map.entry("getWorkers", Caller.STAFF));

    record Param(String name, String in, JsonNode schema, boolean required) {
    }

    /**
     * One operation of a document as this fuzzer sends it; {@code submitJob} is two: a report as staff and an invoice
     * as order-service ({@code flavour}).
     */
    record Operation(Service service, String method, String path, String id, Caller caller, List<Param> params,
                     JsonNode bodySchema, String flavour) {

        String label() {
            return service.module + " " + id + (flavour == null ? "" : "(" + flavour + ")") + " as " + caller;
        }
    }

    /** The operations of one service's document ({@code /q/openapi?format=json}). */
    static List<Operation> operations(Service service, JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (!List.of("get", "post", "put", "delete", "patch").contains(entry.getKey())) {
                return;
            }
            JsonNode operation = entry.getValue();
            List<Param> params = new ArrayList<>();
            for (JsonNode param : operation.path("parameters")) {
                params.add(new Param(param.path("name").asText(), param.path("in").asText(),
                        resolve(document, param.path("schema")), param.path("required").asBoolean()));
            }
            JsonNode body = operation.path("requestBody").path("content").path("application/json").path("schema");
            JsonNode bodySchema = body.isMissingNode() ? null : inline(document, body, 0);
            String id = operation.path("operationId").asText();
            boolean secured = operation.has("security");
            String method = entry.getKey().toUpperCase();
            if (id.equals("submitJob")) {
                operations.add(new Operation(service, method, path.getKey(), id, Caller.STAFF, params, bodySchema, "report"));
                operations.add(new Operation(service, method, path.getKey(), id, Caller.ORDER_SERVICE, params, bodySchema,
                        "invoice"));
            } else {
                Caller caller = secured ? CALLERS.getOrDefault(id, Caller.STAFF) : Caller.ANONYMOUS;
                operations.add(new Operation(service, method, path.getKey(), id, caller, params, bodySchema, null));
            }
        }));
        return operations;
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.startsWith("#/") ? document.at(ref.substring(1)) : schema;
    }

    /** The schema with every {@code $ref} replaced by what it names (a few levels deep: the bodies are flat). */
    private static JsonNode inline(JsonNode document, JsonNode schema, int depth) {
        JsonNode resolved = resolve(document, schema).deepCopy();
        if (depth > 4 || !resolved.isObject()) {
            return resolved;
        }
        ObjectNode object = (ObjectNode) resolved;
        if (object.has("properties")) {
            ObjectNode properties = (ObjectNode) object.get("properties");
            List<String> names = new ArrayList<>();
            properties.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                properties.set(name, inline(document, properties.get(name), depth + 1));
            }
        }
        if (object.has("items")) {
            object.set("items", inline(document, object.get("items"), depth + 1));
        }
        return object;
    }
}
