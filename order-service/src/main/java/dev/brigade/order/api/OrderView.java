package dev.brigade.order.api;

import java.time.OffsetDateTime;
import java.util.List;

import dev.brigade.order.domain.Order;
import dev.brigade.order.domain.OrderStatus;

/** An order as the API shows it; {@code invoiceJobId}/{@code invoiceJobUrl} are null until worker-service took the job. */
public record OrderView(
        String id,
        OrderStatus status,
        Customer customer,
        List<Line> lines,
        long totalCents,
        String currency,
        OffsetDateTime createdAt,
        OffsetDateTime cancelledAt,
        String invoiceJobId,
        String invoiceJobUrl) {

    public record Customer(String name, String email) {
    }

    public record Line(long productId, String name, int quantity, long unitPriceCents, long lineTotalCents) {
    }

    static OrderView of(Order order, String workerPublicUrl) {
        String base = workerPublicUrl.endsWith("/") ? workerPublicUrl.substring(0, workerPublicUrl.length() - 1) : workerPublicUrl;
        return new OrderView(
                order.id,
                order.status,
                new Customer(order.customerName, order.customerEmail),
                order.lines.stream()
                        .map(line -> new Line(line.productId, line.name, line.quantity, line.unitPriceCents, line.totalCents()))
                        .toList(),
                order.totalCents,
                order.currency,
                order.createdAt,
                order.cancelledAt,
                order.invoiceJobId,
                order.invoiceJobId == null ? null : base + "/api/jobs/" + order.invoiceJobId);
    }
}
