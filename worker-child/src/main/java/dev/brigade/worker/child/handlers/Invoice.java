package dev.brigade.worker.child.handlers;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An invoice job's payload, read and checked: every value the PDF shows is here, every total already computed.
 * {@link #from} throws {@link IllegalArgumentException} naming the first bad field (and its line, counted from 1).
 *
 * @param createdAt when the order was placed; null when the payload has none
 */
record Invoice(String orderId, String customerName, String customerEmail, String currency, OffsetDateTime createdAt,
        List<Line> lines, long totalCents) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    record Line(String productId, String name, long quantity, long unitPriceCents, long totalCents) {
    }

    static Invoice from(JsonNode payload) {
        String orderId = PayloadFields.text(payload, "orderId", "orderId");
        JsonNode customer = payload.path("customer");
        String name = PayloadFields.text(customer, "name", "customer name");
        String email = PayloadFields.text(customer, "email", "customer email");
        String currency = PayloadFields.text(payload, "currency", "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException(
                    "currency must be a three-letter code such as EUR, was '" + currency + "'");
        }
        OffsetDateTime createdAt = createdAt(PayloadFields.optionalText(payload, "createdAt"));

        JsonNode lineNodes = payload.path("lines");
        if (!lineNodes.isArray()) {
            throw new IllegalArgumentException("lines must be a list of order lines");
        }
        if (lineNodes.isEmpty()) {
            throw new IllegalArgumentException("the invoice has no lines: an order needs at least one line");
        }
        List<Line> lines = new ArrayList<>(lineNodes.size());
        long total = 0;
        for (int i = 0; i < lineNodes.size(); i++) {
            Line line = line(lineNodes.get(i), "line " + (i + 1) + ": ");
            lines.add(line);
            try {
                total = Math.addExact(total, line.totalCents());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "the invoice total is too large to compute (at line " + (i + 1) + ")");
            }
        }
        return new Invoice(orderId, name, email, currency, createdAt, List.copyOf(lines), total);
    }

    private static Line line(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + "must be an object with productId, name, quantity and "
                    + "unitPriceCents, was " + node);
        }
        String productId = PayloadFields.optionalText(node, "productId");
        String name = PayloadFields.text(node, "name", where + "product name");
        long quantity = PayloadFields.wholeNumber(node, "quantity", where + "quantity");
        if (quantity < 1) {
            throw new IllegalArgumentException(where + "quantity must be at least 1, was " + quantity);
        }
        long unitPrice = PayloadFields.wholeNumber(node, "unitPriceCents", where + "unit price (unitPriceCents)");
        if (unitPrice < 0) {
            throw new IllegalArgumentException(where + "unit price must not be negative, was " + unitPrice + " cents");
        }
        long lineTotal;
        try {
            lineTotal = Math.multiplyExact(quantity, unitPrice);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(where + "quantity times unit price is too large to compute");
        }
        return new Line(productId, name, quantity, unitPrice, lineTotal);
    }

    private static OffsetDateTime createdAt(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("createdAt must be an ISO-8601 date-time with an offset "
                    + "(2026-11-24T10:15:30Z), was '" + text + "'");
        }
    }
}
