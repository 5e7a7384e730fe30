package dev.brigade.order.domain;

import java.time.OffsetDateTime;
import java.util.List;

/** The body of worker-service's {@code POST /api/jobs} for an order's invoice; the key makes it one job per order. */
public record InvoiceJobRequest(String type, String key, Payload payload) {

    public record Payload(String orderId, Customer customer, List<Line> lines, String currency, OffsetDateTime createdAt) {
    }

    public record Customer(String name, String email) {
    }

    public record Line(long productId, String name, int quantity, long unitPriceCents) {
    }

    public static String keyFor(String orderId) {
        return "invoice:" + orderId;
    }

    public static InvoiceJobRequest of(Order order) {
        return new InvoiceJobRequest("invoice", keyFor(order.id), new Payload(
                order.id,
                new Customer(order.customerName, order.customerEmail),
                order.lines.stream().map(line -> new Line(line.productId, line.name, line.quantity, line.unitPriceCents)).toList(),
                order.currency,
                order.createdAt));
    }
}
