package dev.brigade.worker.child.handlers;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.contracts.InvoiceJob;
import dev.brigade.worker.child.Artifact;
import dev.brigade.worker.child.JobHandler;
import dev.brigade.worker.child.JobTrace;
import dev.brigade.worker.child.ProgressReporter;

/**
 * {@code invoice}: an order's invoice as a PDF (A4, one or more pages). The payload is what order-service sends:
 * <pre>
 * {"orderId":"o-42", "customer":{"name":"Ada","email":"ada@example.org"}, "currency":"EUR",
 *  "createdAt":"2026-11-24T10:15:30Z",
 *  "lines":[{"productId":7,"name":"Teapot","quantity":2,"unitPriceCents":1250}]}
 * </pre>
 * Checks the values first (at least one line, quantity at least 1, unit price not negative, a product name on
 * every line) and fails with the first problem, naming its line ("line 2: quantity must be at least 1, was -3").
 * Text the PDF's standard font cannot show (emoji, CJK) is printed as {@code '?'}. Progress: 10 once the payload
 * is checked, then after each page, 100 when the PDF is complete. Result: {@code invoice-<orderId>.pdf}.
 */
public class InvoiceHandler implements JobHandler {

    static final String MEDIA_TYPE = "application/pdf";
    private static final int MAX_ID_IN_FILE_NAME = 100;

    @Override
    public String type() {
        return InvoiceJob.TYPE;
    }

    /** An order has at most 100 lines: its invoice payload is a few kilobytes. */
    @Override
    public int maxPayloadBytes() {
        return 256 * 1024;
    }

    @Override
    public Map<String, Integer> maxItems() {
        return Map.of("/lines", InvoiceJob.MAX_LINES);
    }

    /** The payload is {@link InvoiceJob.Payload}, the record order-service sends. */
    @Override
    public List<String> requiredFields() {
        return InvoiceJob.REQUIRED_FIELDS;
    }

    @Override
    public Artifact handle(JsonNode payload, ProgressReporter progress) throws Exception {
        return handle(payload, progress, JobTrace.OFF);
    }

    /** Spans: {@code invoice parse} (payload to model), {@code invoice render}, in it one {@code invoice page} each. */
    @Override
    public Artifact handle(JsonNode payload, ProgressReporter progress, JobTrace trace) throws Exception {
        Invoice invoice = trace.span("invoice parse", span -> {
            Invoice parsed = Invoice.from(payload);
            span.attribute("brigade.invoice.lines", parsed.lines().size());
            return parsed;
        });
        progress.report(10, "validated " + invoice.lines().size() + " lines");
        byte[] pdf = trace.span("invoice render", span -> {
            byte[] bytes = new InvoicePdf().render(invoice, trace, (page, pages) -> {
                span.attribute("brigade.invoice.pages", pages);
                progress.report(10 + 85 * page / pages, "page " + page + " of " + pages + " drawn");
            });
            span.attribute("brigade.invoice.bytes", bytes.length);
            return bytes;
        });
        progress.report(100, "done: " + Money.format(invoice.totalCents(), invoice.currency()));
        return new Artifact(fileName(invoice.orderId()), MEDIA_TYPE, pdf);
    }

    /**
     * The order id as far as it is safe in a file name (letters, digits, '-', '_', '.'), the rest '_', and at most
     * {@value #MAX_ID_IN_FILE_NAME} characters of it (the PDF itself shows the whole id).
     */
    static String fileName(String orderId) {
        String safe = orderId.replaceAll("[^A-Za-z0-9._-]", "_");
        return "invoice-" + safe.substring(0, Math.min(safe.length(), MAX_ID_IN_FILE_NAME)) + ".pdf";
    }

}
