package dev.brigade.contracts;

import java.util.List;

/**
 * Many orders' invoices in one request: the body of {@code POST /api/jobs/batch}, which order-service's outbox relay
 * sends instead of a request per order when several invoice jobs are due at once. worker-service answers each job as
 * {@code POST /api/jobs} would, in the same order (its record {@code JobBatchAnswer}).
 */
public record InvoiceJobBatch(List<InvoiceJob> jobs) {

    /** Jobs in one batch, at most. */
    public static final int MAX_JOBS = 50;
}
