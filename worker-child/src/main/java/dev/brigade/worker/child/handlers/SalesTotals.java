package dev.brigade.worker.child.handlers;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sales added up one order at a time: per product and per day (UTC) over an inclusive date range. Keeps one small
 * entry per distinct product and per day, nothing per order or line, so its memory does not grow with the input.
 */
final class SalesTotals {

    /** A product's totals; its name is the first non-blank one seen for its id. */
    static final class Product {
        final String productId;
        String name;
        long quantity;
        long revenueCents;

        Product(String productId) {
            this.productId = productId;
        }
    }

    static final class Day {
        final LocalDate date;
        long orders;
        long quantity;
        long revenueCents;

        Day(LocalDate date) {
            this.date = date;
        }
    }

    private final LocalDate from;
    private final LocalDate to;
    private final Map<String, Product> products = new HashMap<>();
    private final SortedMap<LocalDate, Day> days = new TreeMap<>();
    private long ordersCounted;
    private long ordersSkipped;

    SalesTotals(LocalDate from, LocalDate to) {
        this.from = from;
        this.to = to;
    }

    /**
     * Adds one order of the payload, or skips it when its UTC date is outside the range (its lines are then not
     * looked at). {@code position} (from 0) names the order in messages when it has no id.
     */
    void add(JsonNode order, int position) {
        String id = PayloadFields.optionalText(order, "id");
        String where = "order " + (id != null ? id : "#" + (position + 1));
        LocalDate date = utcDate(PayloadFields.text(order, "createdAt", where + ": createdAt"), where);
        if (date.isBefore(from) || date.isAfter(to)) {
            ordersSkipped++;
            return;
        }
        JsonNode lines = order.path("lines");
        if (!lines.isArray()) {
            throw new IllegalArgumentException(where + ": lines must be a list");
        }
        Day day = days.computeIfAbsent(date, Day::new);
        day.orders++;
        ordersCounted++;
        for (int i = 0; i < lines.size(); i++) {
            addLine(lines.get(i), day, where + " line " + (i + 1) + ": ");
        }
    }

    private void addLine(JsonNode line, Day day, String where) {
        String productId = PayloadFields.text(line, "productId", where + "productId");
        long quantity = PayloadFields.wholeNumber(line, "quantity", where + "quantity");
        if (quantity < 0) {
            throw new IllegalArgumentException(where + "quantity must not be negative, was " + quantity);
        }
        long unitPrice = PayloadFields.wholeNumber(line, "unitPriceCents", where + "unit price (unitPriceCents)");
        if (unitPrice < 0) {
            throw new IllegalArgumentException(where + "unit price must not be negative, was " + unitPrice + " cents");
        }
        Product product = products.computeIfAbsent(productId, Product::new);
        if (product.name == null || product.name.isBlank()) {
            product.name = PayloadFields.optionalText(line, "name");
        }
        try {
            long revenue = Math.multiplyExact(quantity, unitPrice);
            product.quantity = Math.addExact(product.quantity, quantity);
            product.revenueCents = Math.addExact(product.revenueCents, revenue);
            day.quantity = Math.addExact(day.quantity, quantity);
            day.revenueCents = Math.addExact(day.revenueCents, revenue);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(where + "the totals grow too large to compute");
        }
    }

    /** Highest revenue first; equal revenue by product id. */
    List<Product> productsByRevenue() {
        List<Product> sorted = new ArrayList<>(products.values());
        sorted.sort(Comparator.comparingLong((Product p) -> p.revenueCents).reversed()
                .thenComparing(p -> p.productId));
        return sorted;
    }

    /** Oldest first; only days with at least one order in the range. */
    Iterable<Day> daysByDate() {
        return days.values();
    }

    LocalDate from() {
        return from;
    }

    LocalDate to() {
        return to;
    }

    long ordersCounted() {
        return ordersCounted;
    }

    long ordersSkipped() {
        return ordersSkipped;
    }

    int productCount() {
        return products.size();
    }

    int dayCount() {
        return days.size();
    }

    private static LocalDate utcDate(String createdAt, String where) {
        try {
            return OffsetDateTime.parse(createdAt).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": createdAt must be an ISO-8601 date-time with an offset "
                    + "(2026-11-24T10:15:30Z), was '" + createdAt + "'");
        }
    }
}
