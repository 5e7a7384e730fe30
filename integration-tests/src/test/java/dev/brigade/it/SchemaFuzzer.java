package dev.brigade.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.brigade.it.FuzzedOperations.Caller;
import dev.brigade.it.FuzzedOperations.Operation;
import dev.brigade.it.FuzzedOperations.Param;

/**
 * Hostile requests derived from a service's OpenAPI document: for each operation a valid request (as its caller,
 * with the suite's own products, order, reservation and job in its path), then one change at a time: each parameter
 * and each body field gets values of the wrong type, its bounds from the schema and one past them, huge and
 * malformed numbers, deep nesting, NUL, lone surrogates, bidi marks, emoji, very long strings; the body itself gets
 * broken JSON and bytes that are not UTF-8; the headers get a huge {@code If-Match}, wrong media types and bad tokens.
 * Then random changes of the same kinds from one seeded {@link Random} until there are enough. Everything is decided
 * here, before a request is sent, so one seed gives the same cases again.
 */
final class SchemaFuzzer {

    /** Accept values that are not media types at all. */
    static final List<String> UNPARSEABLE_ACCEPT = List.of("garbage", "application/json;;;=", "*/*;q=x", "/", "json", "");
    private static final List<String> ACCEPT = List.of("text/html", "application/xml", "application/json;q=2",
            "text/event-stream", "image/svg+xml", "application/problem+json", "application/json;charset=bogus",
            "*/*, ".repeat(500) + "*/*", "application/*", "text/*;q=0.1, application/json;q=0");
    private static final List<String> CONTENT_TYPE = List.of("text/plain", "application/xml", "garbage", "",
            "application/json; charset=utf-16", "application/json; charset=bogus", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/json;;;", "application/json, text/plain",
            "application/json; charset=" + "x".repeat(2000));
    private static final String PLACEHOLDER = "\u0001fuzz-slot-%d\u0001";

    private final Random random;
    private final FuzzFixtures fixtures;
    private final List<FuzzCase> cases = new ArrayList<>();
    private int derived;
    /** Random cases send the same key again (the deterministic ones a new one each): they add no order, job or hold. */
    private boolean reuseKeys;

    SchemaFuzzer(long seed, FuzzFixtures fixtures) {
        this.random = new Random(seed);
        this.fixtures = fixtures;
    }

    // ------------------------------------------------------------------ the cases

    List<FuzzCase> cases(List<Operation> operations, int atLeast) {
        for (Operation operation : operations) {
            deterministic(operation);
        }
        derived = cases.size();
        reuseKeys = true;
        while (cases.size() < atLeast) {
            randomCase(operations.get(random.nextInt(operations.size())));
        }
        return cases;
    }

    /** How many cases came from the schemas one change at a time (the rest are random). */
    int derived() {
        return derived;
    }

    private void deterministic(Operation op) {
        add(op, "valid", new Change());
        for (Param param : op.params()) {
            for (Value value : paramValues(op, param)) {
                Change change = new Change();
                change.params.put(param.name(), value);
                add(op, param.in() + " " + param.name() + " = " + value.label, change);
            }
        }
        for (Map.Entry<String, String> header : hostileHeaders(op)) {
            Change change = new Change();
            change.headers.put(header.getKey(), header.getValue());
            add(op, "header " + header.getKey() + ": " + Wire.abbreviate(header.getValue(), 40), change);
        }
        for (String method : List.of("PATCH", "TRACE")) {
            Change change = new Change();
            change.method = method;
            add(op, "method " + method, change);
        }
        if (op.bodySchema() == null) {
            return;
        }
        for (Map.Entry<String, byte[]> body : hostileBodies(op).entrySet()) {
            Change change = new Change();
            change.body = body.getValue();
            add(op, "body " + body.getKey(), change);
        }
        for (Slot slot : slots(op)) {
            for (Value value : slot.inPayload ? payloadValues(slot.schema) : bodyValues(slot.schema)) {
                Change change = new Change();
                change.slots.put(slot.path, value.json);
                change.fresh = slot.inPayload; // a payload of its own is a job of its own, run by a child
                add(op, "body " + slot.name() + " = " + value.label, change);
            }
            if (slot.schema.path("type").asText().equals("object") || slot.schema.has("required")) {
                for (JsonNode required : slot.schema.path("required")) {
                    Change change = new Change();
                    change.removed.add(child(slot.path, required.asText()));
                    add(op, "body " + slot.name() + " without " + required.asText(), change);
                }
            }
        }
        for (JsonNode required : op.bodySchema().path("required")) {
            Change change = new Change();
            change.removed.add(List.of(required.asText()));
            add(op, "body without " + required.asText(), change);
        }
    }

    private void randomCase(Operation op) {
        Change change = new Change();
        StringBuilder what = new StringBuilder("random");
        int changes = 1 + random.nextInt(3);
        List<Slot> slots = op.bodySchema() == null ? List.of() : slots(op).stream().filter(s -> !s.inPayload).toList();
        for (int i = 0; i < changes; i++) {
            int where = random.nextInt(10);
            if (where < 4 && !op.params().isEmpty()) {
                Param param = op.params().get(random.nextInt(op.params().size()));
                Value value = randomParam(param);
                change.params.put(param.name(), value);
                what.append("; ").append(param.name()).append(" = ").append(value.label);
            } else if (where < 9 && !slots.isEmpty()) {
                Slot slot = slots.get(random.nextInt(slots.size()));
                Value value = randomJson(slot.schema);
                change.slots.put(slot.path, value.json);
                what.append("; ").append(slot.name()).append(" = ").append(value.label);
            } else {
                String header = List.of("Accept", "Content-Type", "If-Match").get(random.nextInt(3));
                String value = switch (header) {
                    case "Accept" -> ACCEPT.get(random.nextInt(ACCEPT.size()));
                    case "Content-Type" -> CONTENT_TYPE.get(random.nextInt(CONTENT_TYPE.size()));
                    default -> randomLatin1(random.nextInt(3) == 0 ? 6000 : 40);
                };
                change.headers.put(header, value);
                what.append("; header ").append(header).append(": ").append(Wire.abbreviate(value, 30));
            }
        }
        add(op, what.toString(), change);
    }

    /** A change to the valid request of an operation. */
    private static final class Change {
        final Map<String, Value> params = new LinkedHashMap<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        final Map<List<Object>, String> slots = new LinkedHashMap<>();
        final List<List<Object>> removed = new ArrayList<>();
        byte[] body;
        String method;
        boolean fresh;
    }

    /** A value: as JSON text (for a body) or percent-encoded text (for a path or query), and how to call it. */
    record Value(String label, String json, String encoded, String header) {
        static Value json(String label, String json) {
            return new Value(label, json, null, null);
        }
    }

    private void add(Operation op, String what, Change change) {
        int index = cases.size();
        String unique = fixtures.run() + "-" + index;
        Map<String, String> headers = new LinkedHashMap<>();
        if (op.caller() != Caller.ANONYMOUS) {
            headers.put("Authorization", "Bearer {token:" + op.caller() + "}");
        }
        StringBuilder path = new StringBuilder();
        List<String> query = new ArrayList<>();
        boolean raw = false;
        String template = op.path();
        for (Param param : op.params()) {
            Value changed = change.params.get(param.name());
            switch (param.in()) {
                case "path" -> {
                    String value = changed != null ? ownIfAnId(op, param, changed.encoded) : pct(basePathValue(op, param));
                    template = template.replace("{" + param.name() + "}", value);
                }
                case "query" -> {
                    if (changed != null) {
                        query.add(param.name() + "=" + changed.encoded);
                    }
                }
                case "header" -> {
                    String value = changed != null ? changed.header : baseHeader(op, param, unique);
                    if (value != null) {
                        headers.put(param.name(), value);
                    }
                }
                default -> {
                }
            }
        }
        path.append(template);
        if (!query.isEmpty()) {
            path.append('?').append(String.join("&", query));
        }
        byte[] body = null;
        if (op.bodySchema() != null) {
            headers.put("Content-Type", "application/json");
            body = change.body != null ? change.body : bodyBytes(op, change, unique);
        }
        headers.putAll(change.headers);
        headers.values().removeIf(value -> value == null);
        for (String value : headers.values()) {
            // java.net.http refuses control characters and sends '?' for anything not ASCII: those go out as UTF-8.
            raw |= !value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7F);
        }
        raw |= !validUri(path.toString());
        cases.add(new FuzzCase(index, op, change.method != null ? change.method : op.method(), path.toString(), headers,
                body, what, raw));
    }

    /**
     * A path value that reads as a plausible id (Long.parseLong takes "+7", "٧" and "７" as 7) becomes the suite's own:
     * a DELETE /api/products/7 of the fuzzer must not remove a product someone else relies on.
     */
    private String ownIfAnId(Operation op, Param param, String encoded) {
        if (!param.schema().path("type").asText().equals("integer")) {
            return encoded;
        }
        try {
            long id = Long.parseLong(java.net.URLDecoder.decode(encoded, StandardCharsets.UTF_8));
            String own = basePathValue(op, param);
            return id > 0 && id < 100_000_000 && id != Long.parseLong(own) ? pct(own) : encoded;
        } catch (IllegalArgumentException notANumber) {
            return encoded;
        }
    }

    private String basePathValue(Operation op, Param param) {
        return switch (op.id()) {
            case "getProduct", "getProductImage", "replaceProduct", "changeStock" -> Long.toString(fixtures.editProduct());
            case "deleteProduct" -> Long.toString(fixtures.doomedProduct());
            case "getReservation", "releaseReservation" -> fixtures.reservationId();
            case "getOrder", "cancelOrder" -> fixtures.orderId();
            case "getJob", "streamJobEvents", "getJobResult" -> fixtures.jobId();
            // An operation this table does not know yet: never a product the suite did not make.
            default -> param.schema().path("type").asText().equals("integer") ? Long.toString(fixtures.editProduct())
                    : "it-fuzz-" + fixtures.run();
        };
    }

    private String baseHeader(Operation op, Param param, String unique) {
        if (param.name().equalsIgnoreCase("If-Match")) {
            return "*";
        }
        if (param.name().equalsIgnoreCase("Idempotency-Key") && op.id().equals("placeOrder")) {
            return reuseKeys ? "it-fuzz-" + fixtures.run() : "it-fuzz-" + unique;
        }
        return null;
    }

    // ------------------------------------------------------------------ bodies

    private byte[] bodyBytes(Operation op, Change change, String unique) {
        ObjectNode body = (ObjectNode) validBody(op, unique, change.fresh);
        for (List<Object> removed : change.removed) {
            JsonNode parent = at(body, removed.subList(0, removed.size() - 1));
            if (parent instanceof ObjectNode object) {
                object.remove((String) removed.getLast());
            }
        }
        Map<String, String> fragments = new LinkedHashMap<>();
        for (Map.Entry<List<Object>, String> slot : change.slots.entrySet()) {
            String placeholder = PLACEHOLDER.formatted(fragments.size());
            set(body, slot.getKey(), TextNode.valueOf(placeholder));
            fragments.put(TextNode.valueOf(placeholder).toString(), slot.getValue());
        }
        String json = body.toString();
        for (Map.Entry<String, String> fragment : fragments.entrySet()) {
            json = json.replace(fragment.getKey(), fragment.getValue());
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode validBody(Operation op, String unique, boolean fresh) {
        if (op.id().equals("submitJob")) {
            ObjectNode job = Wire.JSON.createObjectNode().put("type", op.flavour());
            job.set("payload", (op.flavour().equals("report") ? fixtures.reportPayload() : fixtures.invoicePayload()).deepCopy());
            if (!fresh) {
                job.put("key", "it-fuzz-" + fixtures.run() + "-" + op.flavour());
            }
            if (op.flavour().equals("invoice")) {
                job.put("owner", "it-fuzz-owner-" + fixtures.run());
            }
            return job;
        }
        return valid(op.bodySchema(), "", unique);
    }

    /** A valid value of the schema, with the suite's own things where the name asks for them. */
    private JsonNode valid(JsonNode schema, String name, String unique) {
        switch (name) {
            case "category":
                return TextNode.valueOf("kitchen");
            case "productId":
                return Wire.JSON.getNodeFactory().numberNode(fixtures.stockProduct());
            case "reservationId":
                return TextNode.valueOf(reuseKeys ? "it-fuzz-" + fixtures.run() : "it-fuzz-" + unique);
            case "currency":
                return TextNode.valueOf("EUR");
            case "name":
                return TextNode.valueOf("IT Fuzz " + unique);
            default:
        }
        return switch (schema.path("type").asText()) {
            case "object" -> {
                ObjectNode object = Wire.JSON.createObjectNode();
                for (JsonNode required : schema.path("required")) {
                    String property = required.asText();
                    object.set(property, valid(schema.path("properties").path(property), property, unique));
                }
                yield object;
            }
            case "array" -> Wire.JSON.createArrayNode().add(valid(schema.path("items"), "", unique));
            case "integer" -> Wire.JSON.getNodeFactory().numberNode(
                    Math.max(1, schema.path("minimum").asLong(1)));
            case "boolean" -> Wire.JSON.getNodeFactory().booleanNode(true);
            default -> TextNode.valueOf(schema.has("enum") ? schema.path("enum").path(0).asText() : "fuzz");
        };
    }

    /** A place in a body: a field (of the body, of an array's first element), with its schema. */
    private record Slot(List<Object> path, JsonNode schema, boolean inPayload) {
        String name() {
            StringBuilder name = new StringBuilder();
            for (Object step : path) {
                name.append(step instanceof Integer i ? "[" + i + "]" : (name.isEmpty() ? "" : ".") + step);
            }
            return name.toString();
        }
    }

    private List<Slot> slots(Operation op) {
        List<Slot> slots = new ArrayList<>();
        collect(op.bodySchema(), new ArrayList<>(), slots);
        if (op.id().equals("submitJob")) {
            // The payload's schema says "object"; its fields are the job type's (invoice: the contracts' record).
            slots.removeIf(slot -> slot.path.size() > 1 && slot.path.getFirst().equals("payload"));
            JsonNode payload = op.flavour().equals("report") ? fixtures.reportPayload() : fixtures.invoicePayload();
            collectValues(payload, new ArrayList<>(List.of("payload")), slots);
        }
        return slots;
    }

    private static void collect(JsonNode schema, List<Object> path, List<Slot> slots) {
        if (!path.isEmpty()) {
            slots.add(new Slot(List.copyOf(path), schema, false));
        }
        if (path.size() > 4) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            path.add(property.getKey());
            collect(property.getValue(), path, slots);
            path.removeLast();
        }
        if (schema.has("items")) {
            path.add(0);
            collect(schema.get("items"), path, slots);
            path.removeLast();
        }
    }

    /** The fields of an example value, with a schema of their type: for a job's payload. */
    private static void collectValues(JsonNode value, List<Object> path, List<Slot> slots) {
        ObjectNode schema = Wire.JSON.createObjectNode().put("type", value.isObject() ? "object"
                : value.isArray() ? "array" : value.isIntegralNumber() ? "integer" : "string");
        if (path.size() > 1) {
            slots.add(new Slot(List.copyOf(path), schema, true));
        }
        if (value.isObject()) {
            value.properties().forEach(field -> {
                path.add(field.getKey());
                collectValues(field.getValue(), path, slots);
                path.removeLast();
            });
        } else if (value.isArray() && !value.isEmpty()) {
            path.add(0);
            collectValues(value.get(0), path, slots);
            path.removeLast();
        }
    }

    private static List<Object> child(List<Object> path, String name) {
        List<Object> child = new ArrayList<>(path);
        child.add(name);
        return child;
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (Object step : path) {
            node = step instanceof Integer i ? node.path(i) : node.path((String) step);
        }
        return node;
    }

    private static void set(ObjectNode root, List<Object> path, JsonNode value) {
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.getLast();
        if (parent instanceof ObjectNode object && last instanceof String name) {
            object.set(name, value);
        } else if (parent instanceof ArrayNode array && last instanceof Integer i) {
            if (i < array.size()) {
                array.set(i, value);
            } else {
                array.add(value);
            }
        }
    }

    // ------------------------------------------------------------------ values from the schema

    private List<Value> bodyValues(JsonNode schema) {
        List<Value> values = new ArrayList<>(commonJson());
        switch (schema.path("type").asText()) {
            case "integer" -> values.addAll(integers(schema).stream().map(v -> Value.json(v, v)).toList());
            case "string" -> values.addAll(strings(schema));
            case "array" -> values.addAll(arrays(schema));
            case "object" -> values.addAll(List.of(Value.json("{} with a prototype key",
                            "{\"__proto__\":{\"polluted\":true},\"constructor\":{\"prototype\":{}}}"),
                    Value.json("an object 40 deep", "{\"a\":".repeat(40) + "1" + "}".repeat(40))));
            default -> {
            }
        }
        return values;
    }

    private static List<Value> commonJson() {
        return List.of(Value.json("null", "null"), Value.json("true", "true"), Value.json("[]", "[]"),
                Value.json("{}", "{}"), Value.json("\"\"", "\"\""), Value.json("an array 33 deep", "[".repeat(33) + "]".repeat(33)),
                Value.json("1e400", "1e400"), Value.json("\"x\"", "\"x\""));
    }

    /** Numbers as JSON text: the schema's bounds and one past them, the edges of int and long, and worse. */
    private static List<String> integers(JsonNode schema) {
        List<String> numbers = new ArrayList<>(List.of("0", "-1", "2147483647", "2147483648", "-2147483649",
                "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e400", "-1e400", "1.5",
                "1e2", "-0", "1" + "0".repeat(400), "0.0000001"));
        if (schema.has("minimum")) {
            long min = schema.path("minimum").asLong();
            numbers.addAll(List.of(Long.toString(min - 1), Long.toString(min)));
        }
        if (schema.has("maximum")) {
            long max = schema.path("maximum").asLong();
            numbers.addAll(List.of(Long.toString(max), Long.toString(max + 1)));
        }
        if (schema.has("exclusiveMinimum")) {
            numbers.add(schema.path("exclusiveMinimum").asText());
        }
        return numbers.stream().distinct().toList();
    }

    private List<Value> strings(JsonNode schema) {
        List<Value> values = new ArrayList<>();
        values.add(Value.json("NUL", "\"a\\u0000b\""));
        values.add(Value.json("a lone high surrogate", "\"\\ud800\""));
        values.add(Value.json("a lone low surrogate", "\"x\\udfff\""));
        values.add(Value.json("reversed surrogates", "\"\\udc00\\ud800\""));
        values.add(Value.json("RTL override", "\"\\u202eevil.exe\\u202c\""));
        values.add(Value.json("bidi marks", "\"\\u200f\\u200e\\u2066x\\u2069\""));
        values.add(Value.json("BOM", "\"\\ufeffx\""));
        values.add(Value.json("emoji", "\"\uD83D\uDE00\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\""));
        values.add(Value.json("1000 combining marks", "\"e" + "\\u0301".repeat(1000) + "\""));
        values.add(Value.json("U+FFFF", "\"\\uffff\""));
        values.add(Value.json("markup", "\"<script>alert(1)</script>\""));
        values.add(Value.json("SQL", "\"' OR '1'='1' --\""));
        values.add(Value.json("a path", "\"../../../../etc/passwd\""));
        values.add(Value.json("a lookup", "\"${jndi:ldap://127.0.0.1/x}\""));
        values.add(Value.json("format", "\"%s%n%x%d\""));
        values.add(Value.json("CRLF", "\"a\\r\\nSet-Cookie: x=y\""));
        values.add(Value.json("blank", "\" \""));
        values.add(Value.json("123", "123"));
        values.add(Value.json("10,000 chars", "\"" + "x".repeat(10_000) + "\""));
        values.add(Value.json("100,000 chars", "\"" + "\\u00e9".repeat(100_000) + "\""));
        if (schema.has("maxLength")) {
            int max = schema.path("maxLength").asInt();
            values.add(Value.json("maxLength " + max, "\"" + "m".repeat(max) + "\""));
            values.add(Value.json("maxLength " + max + " + 1", "\"" + "m".repeat(max + 1) + "\""));
            values.add(Value.json("maxLength " + max + " emoji", "\"" + "\uD83D\uDE00".repeat(max) + "\""));
        }
        if (schema.path("minLength").asInt(0) > 0) {
            int min = schema.path("minLength").asInt();
            values.add(Value.json("minLength " + min + " - 1", "\"" + "m".repeat(min - 1) + "\""));
        }
        if (schema.has("pattern")) {
            values.add(Value.json("not the pattern", "\"eur\""));
            values.add(Value.json("not the pattern", "\"E U R\""));
        }
        for (JsonNode allowed : schema.path("enum")) {
            values.add(Value.json("lower-case enum", "\"" + allowed.asText().toLowerCase() + "\""));
        }
        return values;
    }

    private List<Value> arrays(JsonNode schema) {
        String item = valid(schema.path("items"), "", fixtures.run() + "-item").toString();
        List<Value> values = new ArrayList<>(List.of(Value.json("[null]", "[null]"), Value.json("[1]", "[1]"),
                Value.json("[\"x\"]", "[\"x\"]"), Value.json("[[]]", "[[]]")));
        int max = schema.path("maxItems").asInt(100);
        values.add(Value.json("maxItems " + max, "[" + String.join(",", java.util.Collections.nCopies(max, item)) + "]"));
        values.add(Value.json("maxItems " + max + " + 1",
                "[" + String.join(",", java.util.Collections.nCopies(max + 1, item)) + "]"));
        values.add(Value.json("10,000 items", "[" + String.join(",", java.util.Collections.nCopies(10_000, item)) + "]"));
        return values;
    }

    /** Fewer values inside a job's payload: each that passes the checks is a job a child runs. */
    private static List<Value> payloadValues(JsonNode schema) {
        List<Value> values = new ArrayList<>(List.of(Value.json("{}", "{}"), Value.json("null", "null")));
        if (schema.path("type").asText().equals("integer")) {
            values.addAll(List.of(Value.json("-1", "-1"), Value.json("2^63", "9223372036854775808"),
                    Value.json("1e400", "1e400"), Value.json("2^31-1", "2147483647")));
        } else if (schema.path("type").asText().equals("string")) {
            values.addAll(List.of(Value.json("odd Unicode", "\"\\ud800\\u202e\\u0000\uD83D\uDE00\uFFFF\""),
                    Value.json("10,000 chars", "\"" + "W".repeat(10_000) + "\""), Value.json("123", "123")));
        } else {
            values.add(Value.json("an array 30 deep", "[".repeat(30) + "]".repeat(30)));
        }
        return values;
    }

    /** Percent-encoded values of a path, query or header parameter. */
    private List<Value> paramValues(Operation op, Param param) {
        List<Value> values = new ArrayList<>();
        JsonNode schema = param.schema();
        if (param.in().equals("header")) {
            for (String header : headerValues(schema)) {
                values.add(new Value(Wire.abbreviate(header, 40), null, null, header));
            }
            return values;
        }
        if (schema.path("type").asText().equals("integer")) {
            for (String number : integers(schema)) {
                values.add(new Value(number.length() > 30 ? number.length() + " digits" : number, null, pct(number), null));
            }
            // Other spellings of a number: of the suite's own product where the number names one (Long.parseLong
            // reads "+12", full-width and Arabic-Indic digits as 12, and a DELETE must not hit a product of others).
            String own = param.in().equals("path") ? basePathValue(op, param) : "12";
            values.add(new Value("full-width digits", null, pct(digits(own, '\uFF10')), null));
            values.add(new Value("Arabic-Indic digits", null, pct(digits(own, '\u0660')), null));
            values.add(new Value("0x10", null, "0x10", null));
            values.add(new Value("+" + own, null, "%2B" + own, null));
            values.add(new Value("' " + own + "'", null, "%20" + own, null));
            values.add(new Value("NaN", null, "NaN", null));
        }
        values.add(new Value("empty", null, "", null));
        values.add(new Value("NUL", null, "a%00b", null));
        values.add(new Value("a lone surrogate (CESU-8 bytes)", null, "%ED%A0%80", null));
        values.add(new Value("bytes that are not UTF-8", null, "%FF%FE", null));
        values.add(new Value("an overlong slash", null, "%C0%AF", null));
        values.add(new Value("emoji", null, pct("\uD83D\uDE00"), null));
        values.add(new Value("RTL override", null, pct("\u202Eevil"), null));
        values.add(new Value("dot-dot", null, "..", null));
        values.add(new Value("encoded dot-dot-slash", null, "%2E%2E%2F%2E%2E%2F", null));
        values.add(new Value("encoded slash", null, "a%2Fb", null));
        values.add(new Value("SQL", null, pct("' OR '1'='1"), null));
        values.add(new Value("markup", null, pct("<script>alert(1)</script>"), null));
        values.add(new Value("a lone %", null, "%", null));
        values.add(new Value("%zz", null, "%zz", null));
        values.add(new Value("3,000 chars", null, "x".repeat(3_000), null));
        values.add(new Value("5,000 chars", null, "x".repeat(5_000), null));
        if (schema.has("maxLength")) {
            int max = schema.path("maxLength").asInt();
            values.add(new Value("maxLength " + max, null, "m".repeat(max), null));
            values.add(new Value("maxLength " + max + " + 1", null, "m".repeat(max + 1), null));
        }
        if (schema.has("pattern")) {
            values.add(new Value("not the pattern", null, pct("--name"), null));
        }
        if (schema.has("enum") || schema.has("$ref")) {
            values.add(new Value("BOGUS", null, "BOGUS", null));
        }
        for (JsonNode allowed : schema.path("enum")) {
            values.add(new Value("lower-case " + allowed.asText(), null, allowed.asText().toLowerCase(), null));
        }
        return values;
    }

    private List<String> headerValues(JsonNode schema) {
        List<String> values = new ArrayList<>(List.of("", " ", "x".repeat(21_000), "x".repeat(4_000),
                "\u00ff\u00fe\u00e9", "a\u0000b", "\uD83D\uDE00", "\u202Eevil", "two words", "\"quoted\"", "*",
                "W/\"0\"", "\"0\"", "\"9223372036854775808\"", "\"-1\"", "\"\"", "\"", "*, \"1\"",
                String.join(", ", java.util.Collections.nCopies(500, "\"1\""))));
        if (schema.has("maxLength")) {
            int max = schema.path("maxLength").asInt();
            values.add("m".repeat(max));
            values.add("m".repeat(max + 1));
        }
        return values;
    }

    /** One changed header per case: a huge If-Match, media types that are wrong or not media types, bad tokens. */
    private List<Map.Entry<String, String>> hostileHeaders(Operation op) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("If-Match", "\"" + "9".repeat(21_000) + "\""));
        headers.add(Map.entry("If-Match", "\"" + "9".repeat(4_000) + "\""));
        headers.add(Map.entry("If-Match", String.join(",", java.util.Collections.nCopies(1_000, "W/\"1\""))));
        UNPARSEABLE_ACCEPT.forEach(accept -> headers.add(Map.entry("Accept", accept)));
        ACCEPT.forEach(accept -> headers.add(Map.entry("Accept", accept)));
        CONTENT_TYPE.forEach(type -> headers.add(Map.entry("Content-Type", type)));
        headers.add(Map.entry("Authorization", "Bearer garbage"));
        headers.add(Map.entry("Authorization", "Basic dXNlcjpwYXNz"));
        headers.add(Map.entry("Authorization", "Bearer "));
        Caller signer = op.caller() == Caller.ANONYMOUS ? Caller.ALICE : op.caller();
        headers.add(Map.entry("Authorization", "Bearer {tampered:" + signer + "}"));
        headers.add(Map.entry("Authorization", "Bearer {token:" + (op.caller() == Caller.STAFF
                ? Caller.ALICE : Caller.STAFF) + "}"));
        headers.add(Map.entry("X-Forwarded-For", "1.2.3.4, " + "9.9.9.9, ".repeat(200) + "1.1.1.1"));
        return headers;
    }

    // ------------------------------------------------------------------ random values

    private Value randomJson(JsonNode schema) {
        int kind = random.nextInt(10);
        String type = schema.path("type").asText();
        if (kind == 0) {
            List<Value> common = commonJson();
            return common.get(random.nextInt(common.size()));
        }
        if (type.equals("integer") || kind == 1) {
            String number = randomNumber(schema);
            return Value.json(number.length() > 40 ? number.length() + "-char number" : number, number);
        }
        if (type.equals("array") && kind < 5) {
            int n = random.nextInt(4) == 0 ? 100 + random.nextInt(3) : random.nextInt(5);
            String item = random.nextBoolean() ? valid(schema.path("items"), "", fixtures.run()).toString()
                    : randomJson(schema.path("items")).json;
            return Value.json(n + " random items", "[" + String.join(",", java.util.Collections.nCopies(n, item)) + "]");
        }
        int max = schema.path("maxLength").asInt(200);
        int length = switch (random.nextInt(5)) {
            case 0 -> random.nextInt(4);
            case 1 -> Math.max(0, max - 1 + random.nextInt(3));
            case 2 -> random.nextInt(300);
            case 3 -> random.nextInt(5_000);
            default -> random.nextInt(50);
        };
        String text = randomJsonString(length);
        return Value.json(length + " random chars: " + Wire.abbreviate(text, 40), text);
    }

    private Value randomParam(Param param) {
        if (param.in().equals("header")) {
            String value = random.nextInt(4) == 0 ? randomUnicode(random.nextInt(300)) : randomLatin1(random.nextInt(300));
            return new Value(Wire.abbreviate(value, 40), null, null, value);
        }
        String encoded;
        if (param.schema().path("type").asText().equals("integer") && random.nextBoolean()) {
            encoded = pct(randomNumber(param.schema()));
        } else {
            int length = random.nextInt(5) == 0 ? random.nextInt(6_000) : random.nextInt(120);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append(random.nextInt(12) == 0
                        ? List.of("%ED%A0%80", "%FF", "%00", "%C0%AF", "%", "%2F", "+", "&x=1", ";", "#").get(random.nextInt(10))
                        : pct(randomUnicode(1)));
            }
            encoded = text.toString();
        }
        return new Value(encoded.length() > 40 ? encoded.length() + " random encoded chars" : encoded, null, encoded, null);
    }

    private String randomNumber(JsonNode schema) {
        long min = schema.path("minimum").asLong(0);
        long max = schema.path("maximum").asLong(Integer.MAX_VALUE);
        return switch (random.nextInt(8)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> Long.toString(min - random.nextInt(3));
            case 2 -> Long.toString(max + random.nextInt(3));
            case 3 -> random.nextInt(10) + "." + random.nextInt(1000) + "e" + (random.nextInt(1000) - 500);
            case 4 -> "9".repeat(1 + random.nextInt(500));
            case 5 -> "-" + "9".repeat(1 + random.nextInt(30));
            case 6 -> Integer.toString(random.nextInt());
            default -> Long.toString(min + (long) (random.nextDouble() * (max - min + 1)));
        };
    }

    /** JSON string text (with its quotes), escapes and all: lone surrogates and control characters escaped. */
    private String randomJsonString(int length) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(20);
            if (pick == 0) {
                text.append(String.format("\\u%04x", 0xD800 + random.nextInt(0x800))); // lone surrogates too
            } else if (pick == 1) {
                text.append(String.format("\\u%04x", random.nextInt(0x20)));
            } else {
                String c = randomUnicode(1);
                text.append(c.equals("\"") ? "\\\"" : c.equals("\\") ? "\\\\" : c);
            }
        }
        return text.append('"').toString();
    }

    private static final int[][] RANGES = {
            {0x20, 0x7E}, {0x20, 0x7E}, {0x20, 0x7E}, {0xA0, 0xFF}, {0x0300, 0x036F}, {0x0590, 0x06FF},
            {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2066, 0x2069}, {0x4E00, 0x4FFF}, {0xFFF0, 0xFFFF},
            {0x1F300, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0xE0000, 0xE007F}};

    /** Well-formed Unicode (no lone surrogates: those go in as escapes or bytes) from hostile ranges. */
    private String randomUnicode(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int[] range = RANGES[random.nextInt(RANGES.length)];
            text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
        }
        return text.toString();
    }

    private String randomLatin1(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextInt(8) == 0 ? 0xA0 + random.nextInt(0x60) : 0x20 + random.nextInt(0x5F)));
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ whole bodies

    private Map<String, byte[]> hostileBodies(Operation op) {
        String valid = new String(bodyBytes(op, new Change(), fixtures.run() + "-body"), StandardCharsets.UTF_8);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (String text : List.of("", "null", "[]", "\"x\"", "0", "{", "}", "{}", "[{}]", "1e400", "NaN", "{\"a\":NaN}",
                "{'name':'x'}", "{/*c*/}", "{\"a\":1,}", "\"\\ud800\"")) {
            bodies.put(text.isEmpty() ? "empty" : "'" + text + "'", utf8(text));
        }
        bodies.put("the valid body cut in half", utf8(valid.substring(0, valid.length() / 2)));
        bodies.put("the valid body and garbage", utf8(valid + "garbage"));
        bodies.put("the valid body twice", utf8(valid + valid));
        bodies.put("a byte-order mark first", utf8("\uFEFF" + valid));
        bodies.put("a duplicate key", utf8(valid.replaceFirst("\\{", "{\"dup\":1,\"dup\":2,")));
        bodies.put("as UTF-16", valid.getBytes(StandardCharsets.UTF_16));
        bodies.put("invalid UTF-8 in a string", concat(utf8(valid.substring(0, valid.length() - 1) + ",\"x\":\""),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xC0, (byte) 0xAF}, utf8("\"}")));
        bodies.put("arrays 33 deep", utf8("[".repeat(33) + "]".repeat(33)));
        bodies.put("arrays 100,000 deep", utf8("[".repeat(100_000) + "]".repeat(100_000)));
        bodies.put("objects 1,000 deep", utf8("{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000)));
        bodies.put("a 2 MiB string", utf8("{\"name\":\"" + "s".repeat(2 * 1024 * 1024) + "\"}"));
        StringBuilder keys = new StringBuilder("{");
        for (int i = 0; i < 60_000; i++) {
            keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":0");
        }
        bodies.put("60,000 unknown keys", utf8(keys.append('}').toString()));
        bodies.put("a 5,000-digit number", utf8("{\"x\":" + "7".repeat(5_000) + "}"));
        return bodies;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** The number in another script's digits, from {@code zero} on. */
    private static String digits(String number, char zero) {
        StringBuilder other = new StringBuilder();
        for (char c : number.toCharArray()) {
            other.append(Character.isDigit(c) ? (char) (zero + (c - '0')) : c);
        }
        return other.toString();
    }

    /** Percent-encodes every byte of the UTF-8 form but letters, digits and {@code -._~}. */
    static String pct(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }

    static boolean validUri(String pathAndQuery) {
        try {
            new java.net.URI("http://localhost" + pathAndQuery);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
