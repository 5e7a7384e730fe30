package dev.brigade.order.standin;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * catalog-service's reservation contract, in memory: all lines or none, idempotent on the reservation id, releases
 * return the stock once, and a release that comes before its reservation makes that reservation RELEASED. Product n is called "Product n" and costs n*100+99 cents in EUR, except {@link #DOLLAR_PRODUCT};
 * ids from {@link #FIRST_UNKNOWN_PRODUCT} on do not exist. Every product starts with {@link #DEFAULT_STOCK}.
 */
public class FakeCatalog implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "fake-catalog";
    public static final int DEFAULT_STOCK = 100;
    public static final long FIRST_UNKNOWN_PRODUCT = 9000;
    public static final long DOLLAR_PRODUCT = 777;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Long, Integer> stock = new HashMap<>();
    private final Map<String, ObjectNode> reservations = new LinkedHashMap<>();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    public synchronized int stockOf(long productId) {
        return stock.getOrDefault(productId, DEFAULT_STOCK);
    }

    public synchronized void setStock(long productId, int quantity) {
        stock.put(productId, quantity);
    }

    public synchronized boolean hasReservation(String reservationId) {
        return reservations.containsKey(reservationId);
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        ResponseDefinition answer = answer(event.getRequest());
        Integer delay = event.getResponseDefinition().getFixedDelayMilliseconds();
        // A stub may add a delay to the fake's answer (a slow catalog that has reserved the stock all the same).
        return delay == null ? answer : ResponseDefinitionBuilder.like(answer).withFixedDelay(delay).build();
    }

    private synchronized ResponseDefinition answer(LoggedRequest request) {
        try {
            if (request.getMethod().equals(RequestMethod.POST) && request.getUrl().endsWith("/confirmations")) {
                return confirm(JSON.readTree(request.getBodyAsString()).get("reservationIds"));
            }
            if (request.getMethod().equals(RequestMethod.POST)) {
                return reserve(JSON.readTree(request.getBodyAsString()));
            }
            if (request.getMethod().equals(RequestMethod.DELETE)) {
                release(request.getUrl().substring(request.getUrl().lastIndexOf('/') + 1));
                return ResponseDefinitionBuilder.responseDefinition().withStatus(204).build();
            }
            return problem(405, "method-not-allowed", "not supported by the fake");
        } catch (Exception e) {
            return problem(500, "internal-error", e.toString());
        }
    }

    /** As catalog-service confirms: each reservation's stock is its order's; a released one cannot be confirmed. */
    private ResponseDefinition confirm(JsonNode ids) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode confirmed = answer.putArray("confirmed");
        ArrayNode released = answer.putArray("released");
        ArrayNode unknown = answer.putArray("unknown");
        for (JsonNode id : ids) {
            ObjectNode reservation = reservations.get(id.asText());
            if (reservation == null) {
                unknown.add(id);
            } else if (reservation.path("status").asText().equals("RELEASED")) {
                released.add(id);
            } else {
                reservation.put("status", "CONFIRMED");
                confirmed.add(id);
            }
        }
        return json(200, answer);
    }

    public synchronized String statusOf(String reservationId) {
        ObjectNode reservation = reservations.get(reservationId);
        return reservation == null ? null : reservation.path("status").asText();
    }

    private ResponseDefinition reserve(JsonNode body) throws Exception {
        String id = body.get("reservationId").asText();
        ObjectNode existing = reservations.get(id);
        if (existing != null) {
            return json(200, existing);
        }
        List<JsonNode> lines = List.copyOf((java.util.Collection<JsonNode>) toList(body.get("lines")));
        for (JsonNode line : lines) {
            long productId = line.get("productId").asLong();
            int quantity = line.get("quantity").asInt();
            if (productId >= FIRST_UNKNOWN_PRODUCT) {
                return problem(422, "unknown-product", "Product " + productId + " does not exist");
            }
            if (stockOf(productId) < quantity) {
                return problem(409, "out-of-stock", "Not enough stock for 'Product " + productId + "' (product "
                        + productId + "): " + quantity + " requested, " + stockOf(productId) + " available");
            }
        }
        ObjectNode reservation = JSON.createObjectNode();
        reservation.put("reservationId", id);
        reservation.put("status", "ACTIVE");
        ArrayNode reserved = reservation.putArray("lines");
        for (JsonNode line : lines) {
            long productId = line.get("productId").asLong();
            int quantity = line.get("quantity").asInt();
            stock.put(productId, stockOf(productId) - quantity);
            reserved.addObject()
                    .put("productId", productId)
                    .put("quantity", quantity)
                    .put("name", "Product " + productId)
                    .put("unitPriceCents", productId * 100 + 99)
                    .put("currency", productId == DOLLAR_PRODUCT ? "USD" : "EUR");
        }
        reservation.put("createdAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        reservations.put(id, reservation);
        return json(201, reservation);
    }

    private void release(String id) {
        ObjectNode reservation = reservations.get(id);
        if (reservation == null) {
            // Like catalog-service: a release that overtakes its reservation is remembered, the reservation is refused.
            ObjectNode released = JSON.createObjectNode().put("reservationId", id).put("status", "RELEASED");
            released.putArray("lines");
            released.put("createdAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
            reservations.put(id, released);
        } else if (!"RELEASED".equals(reservation.get("status").asText())) { // ACTIVE or CONFIRMED
            reservation.put("status", "RELEASED");
            for (JsonNode line : reservation.get("lines")) {
                long productId = line.get("productId").asLong();
                stock.put(productId, stockOf(productId) + line.get("quantity").asInt());
            }
        }
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static ResponseDefinition json(int status, JsonNode body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
    }

    static ResponseDefinition problem(int status, String slug, String detail) {
        ObjectNode problem = JSON.createObjectNode()
                .put("type", "urn:brigade:problem:" + slug)
                .put("title", slug)
                .put("status", status)
                .put("detail", detail);
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/problem+json").withBody(problem.toString()).build();
    }
}
