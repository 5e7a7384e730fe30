package dev.brigade.contracts;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An order's invoice as order-service asks worker-service for it: one job of an {@link InvoiceJobBatch}, as
 * {@code POST /api/jobs} would take it alone. order-service writes this record; worker-service's invoice handler reads
 * its payload, and its tests read what this record writes, so renaming a field here breaks the build of both.
 *
 * @param type    always {@link #TYPE}
 * @param key     {@link #keyFor}: one job per order, however often the outbox delivers it
 * @param owner   the customer the invoice is for (their token's subject): the job is theirs to read
 * @param payload what the invoice shows
 * @param traceParent the W3C {@code traceparent} of the span the job's run continues (the relay's delivery of it): a
 *                    job submitted in a batch carries its own order's trace here, not in a request header
 */
public record InvoiceJob(String type, String key, String owner, Payload payload, String traceParent) {

    public static final String TYPE = "invoice";

    /** An order's lines, at most: order-service takes no more, worker-service renders no more. */
    public static final int MAX_LINES = 100;

    /** The payload fields worker-service refuses a job without (a 400 at submission), as JSON pointers. */
    public static final List<String> REQUIRED_FIELDS =
            List.of("/orderId", "/customer/name", "/customer/email", "/lines", "/currency");

    public static InvoiceJob of(String owner, Payload payload) {
        return new InvoiceJob(TYPE, keyFor(payload.orderId()), owner, payload, null);
    }

    /** This job, continuing the trace of the span whose {@code traceparent} is given. */
    public InvoiceJob continuing(String traceParent) {
        return new InvoiceJob(type, key, owner, payload, traceParent);
    }

    public static String keyFor(String orderId) {
        return "invoice:" + orderId;
    }

    /** @param createdAt when the order was placed; the invoice's date (optional: the render time otherwise) */
    public record Payload(String orderId, Customer customer, List<Line> lines, String currency,
            OffsetDateTime createdAt) {
    }

    public record Customer(String name, String email) {
    }

    public record Line(long productId, String name, int quantity, long unitPriceCents) {
    }
}
