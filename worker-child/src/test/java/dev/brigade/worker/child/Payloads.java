package dev.brigade.worker.child;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the job payloads the tests send, shaped as order-service sends them. */
final class Payloads {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Payloads() {
    }

    static ObjectNode invoice(String orderId, String customerName, ObjectNode... lines) {
        ObjectNode payload = MAPPER.createObjectNode().put("orderId", orderId);
        payload.putObject("customer").put("name", customerName).put("email", "ada@example.org");
        ArrayNode array = payload.putArray("lines");
        for (ObjectNode line : lines) {
            array.add(line);
        }
        return payload.put("currency", "EUR").put("createdAt", "2026-11-24T10:15:30+01:00");
    }

    static ObjectNode line(long productId, String name, long quantity, long unitPriceCents) {
        return MAPPER.createObjectNode().put("productId", productId).put("name", name).put("quantity", quantity)
                .put("unitPriceCents", unitPriceCents);
    }

    /** {@code count} lines "Item 1".."Item n", each 1 x EUR 1.00. */
    static ObjectNode[] itemLines(int count) {
        List<ObjectNode> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            lines.add(line(i, "Item " + i, 1, 100));
        }
        return lines.toArray(ObjectNode[]::new);
    }

    static ObjectNode report(String from, String to, ObjectNode... orders) {
        ObjectNode payload = MAPPER.createObjectNode().put("from", from).put("to", to).put("currency", "EUR");
        ArrayNode array = payload.putArray("orders");
        for (ObjectNode order : orders) {
            array.add(order);
        }
        return payload;
    }

    static ObjectNode order(String id, String createdAt, ObjectNode... lines) {
        ObjectNode order = MAPPER.createObjectNode().put("id", id).put("createdAt", createdAt);
        ArrayNode array = order.putArray("lines");
        for (ObjectNode line : lines) {
            array.add(line);
        }
        return order;
    }

    static ObjectNode reportLine(String productId, String name, long quantity, long unitPriceCents) {
        return MAPPER.createObjectNode().put("productId", productId).put("name", name).put("quantity", quantity)
                .put("unitPriceCents", unitPriceCents);
    }
}
