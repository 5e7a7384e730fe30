package dev.brigade.worker.child.handlers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.worker.child.Artifact;
import dev.brigade.worker.child.JobHandler;
import dev.brigade.worker.child.JobTrace;
import dev.brigade.worker.child.ProgressReporter;

/**
 * {@code report}: a sales summary as CSV over an inclusive date range, from the orders in the payload:
 * <pre>
 * {"from":"2026-11-01", "to":"2026-11-30", "currency":"EUR",
 *  "orders":[{"id":"o-1", "createdAt":"2026-11-24T10:15:30Z",
 *             "lines":[{"productId":7,"name":"Teapot","quantity":2,"unitPriceCents":1250}]}]}
 * </pre>
 * An order counts when its {@code createdAt}, taken in UTC, falls on a day from {@code from} to {@code to}; others
 * are skipped without looking at their lines. Fails on an unparseable date, {@code from} after {@code to}, a
 * negative quantity or unit price, naming the order and line.
 * <p>
 * The result, {@code report-<from>-to-<to>.csv} (UTF-8, RFC 4180: CRLF, fields with a comma, quote or line break
 * quoted), is one table whose first column says which section a row belongs to; the columns a section does not
 * use are empty:
 * <pre>
 * section,productId,name,date,orders,quantity,revenueCents
 * product,7,Teapot,,,2,2500          one row per product, highest revenue first (equal revenue: by product id)
 * day,,,2026-11-24,1,2,2500          one row per day with orders, oldest first
 * </pre>
 * {@code revenueCents} is the sum of quantity times unit price, in cents of the payload's currency; a product's
 * name is the first non-blank one its lines carry. The orders are read once, in place (the payload is already
 * parsed), keeping one entry per product and per day; progress is told every 10% of the orders (at most every
 * 10,000 orders).
 */
public class ReportHandler implements JobHandler {

    static final String MEDIA_TYPE = "text/csv";
    static final String[] HEADER = { "section", "productId", "name", "date", "orders", "quantity", "revenueCents" };
    private static final int MAX_CHUNK = 10_000;
    /** Orders in one report, at most (the page sends at most this many; a larger period is several reports). */
    public static final int MAX_ORDERS = 10_000;
    /** A report's payload, at most: worker-service's body limit, which 10,000 one-line orders fit. */
    public static final int MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;

    @Override
    public String type() {
        return "report";
    }

    /** A report carries its orders: up to {@value #MAX_PAYLOAD_BYTES} bytes, and a million JSON tokens. */
    @Override
    public int maxPayloadBytes() {
        return MAX_PAYLOAD_BYTES;
    }

    @Override
    public List<String> requiredFields() {
        return List.of("/from", "/to", "/orders");
    }

    @Override
    public Map<String, Integer> maxItems() {
        return Map.of("/orders", MAX_ORDERS);
    }

    @Override
    public Artifact handle(JsonNode payload, ProgressReporter progress) throws IOException {
        return handle(payload, progress, JobTrace.OFF);
    }

    /** Spans: {@code report parse} (the range and the list), {@code report add up}, {@code report render} (the CSV). */
    @Override
    public Artifact handle(JsonNode payload, ProgressReporter progress, JobTrace trace) throws IOException {
        SalesTotals totals = trace.span("report parse", span -> {
            LocalDate from = date(payload, "from");
            LocalDate to = date(payload, "to");
            if (from.isAfter(to)) {
                throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
            }
            if (!payload.path("orders").isArray()) {
                throw new IllegalArgumentException("orders must be a list of orders");
            }
            span.attribute("brigade.report.orders", payload.path("orders").size());
            return new SalesTotals(from, to);
        });
        JsonNode orders = payload.path("orders");
        int count = orders.size();
        progress.report(5, "adding up " + count + " orders from " + totals.from() + " to " + totals.to());

        trace.span("report add up", span -> {
            int chunk = Math.max(1, Math.min(MAX_CHUNK, (count + 9) / 10));
            for (int i = 0; i < count; i++) {
                totals.add(orders.get(i), i);
                int done = i + 1;
                if (done % chunk == 0 && done < count) {
                    progress.report(5 + (int) (85L * done / count), done + " of " + count + " orders added up");
                }
            }
            span.attribute("brigade.report.orders.counted", totals.ordersCounted());
            return totals;
        });
        progress.report(90, totals.ordersCounted() + " orders in range, " + totals.ordersSkipped() + " skipped");

        byte[] csv = trace.span("report render", span -> {
            byte[] bytes = csv(totals);
            span.attribute("brigade.report.products", totals.productCount())
                    .attribute("brigade.report.bytes", bytes.length);
            return bytes;
        });
        progress.report(100, "done: " + totals.productCount() + " products, " + totals.dayCount() + " days");
        return new Artifact("report-" + totals.from() + "-to-" + totals.to() + ".csv", MEDIA_TYPE, csv);
    }

    private static byte[] csv(SalesTotals totals) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 * 1024);
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            Csv csv = new Csv(writer);
            csv.record((Object[]) HEADER);
            for (SalesTotals.Product p : totals.productsByRevenue()) {
                csv.record("product", p.productId, p.name, null, null, p.quantity, p.revenueCents);
            }
            for (SalesTotals.Day d : totals.daysByDate()) {
                csv.record("day", null, null, d.date, d.orders, d.quantity, d.revenueCents);
            }
        }
        return bytes.toByteArray();
    }

    private static LocalDate date(JsonNode payload, String field) {
        String text = PayloadFields.text(payload, field, field);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    field + " must be a date like 2026-11-24 (YYYY-MM-DD), was '" + text + "'");
        }
    }
}
