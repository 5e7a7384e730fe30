package dev.brigade.order.domain;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.common.tracing.StoredTrace;
import dev.brigade.contracts.InvoiceJob;
import dev.brigade.order.client.InvoiceJobs;
import dev.brigade.order.store.OrderRepository;
import dev.brigade.order.store.OutboxRepository;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Delivers {@code INVOICE_JOB} messages many to a request: the invoice jobs due at once (a relay's pass under load
 * finds several) go to worker-service in one request, and their job ids and deliveries are written here in one
 * transaction. Each job is answered on its own, so one refused job does not hold the others back. A batch that
 * worker-service refuses as a whole (a body it cannot read) is sent again one job per request, so that only the job
 * at fault is given up.
 * <p>
 * Each message keeps its own span, {@code outbox deliver INVOICE_JOB}, in the trace of the checkout that wrote it,
 * and the job carries that span's {@code traceparent} in the request body: the worker's run of the job continues the
 * order's trace (a request header names one trace only). The request itself is a span of its own, linked to each
 * message's.
 */
@ApplicationScoped
class InvoiceDeliveries {

    private static final Logger LOG = Logger.getLogger(InvoiceDeliveries.class);

    private final InvoiceJobs invoiceJobs;
    private final OutboxRepository outbox;
    private final OrderRepository orders;
    private final OutboxFailures failures;
    private final OutboxMetrics metrics;
    private final ObjectMapper json;
    private final Tracer tracer;
    private final Clock clock;

    InvoiceDeliveries(InvoiceJobs invoiceJobs, OutboxRepository outbox, OrderRepository orders, OutboxFailures failures,
                      OutboxMetrics metrics, ObjectMapper json, Tracer tracer, Clock clock) {
        this.invoiceJobs = invoiceJobs;
        this.outbox = outbox;
        this.orders = orders;
        this.failures = failures;
        this.metrics = metrics;
        this.json = json;
        this.tracer = tracer;
        this.clock = clock;
    }

    /** One message on its way: its span, and the job it asks for, continuing that span's trace. */
    private record Delivery(OutboxMessage message, Span span, InvoiceJob job) {
    }

    /**
     * At most {@link dev.brigade.contracts.InvoiceJobBatch#MAX_JOBS} messages. False when worker-service could not be
     * reached and some wait for a later attempt; true when every one is done with (delivered or given up).
     */
    boolean deliver(List<OutboxMessage> batch) {
        List<Delivery> deliveries = new ArrayList<>();
        for (OutboxMessage message : batch) {
            Span span = message.startDeliverySpan(tracer);
            try {
                deliveries.add(new Delivery(message, span,
                        read(message).continuing(StoredTrace.of(Context.root().with(span)))));
            } catch (OutboxFailures.UnreadableMessage e) {
                failures.failed(span, message, e);
                span.end();
            }
        }
        if (deliveries.isEmpty()) {
            return true;
        }
        try {
            return submit(deliveries);
        } finally {
            deliveries.forEach(delivery -> delivery.span().end());
        }
    }

    private boolean submit(List<Delivery> deliveries) {
        List<InvoiceJob> jobs = deliveries.stream().map(Delivery::job).toList();
        Span request = StoredTrace.linkedTo(tracer, "outbox deliver " + OutboxMessage.Kind.INVOICE_JOB + " batch",
                        jobs.stream().map(InvoiceJob::traceParent).toList())
                .setAttribute("brigade.outbox.batch", deliveries.size())
                .startSpan();
        List<InvoiceJobs.Answer> answers;
        try (Scope ignored = request.makeCurrent()) {
            answers = invoiceJobs.submitAll(jobs);
        } catch (RuntimeException e) { // unreachable, timed out, or the request refused as a whole
            request.recordException(e);
            request.setStatus(StatusCode.ERROR, e.getMessage());
            request.end();
            boolean refused = e instanceof InvoiceJobs.WorkerUnavailable worker && worker.refused();
            return refused && deliveries.size() > 1 ? oneByOne(deliveries) : failed(deliveries, e);
        }
        try (Scope ignored = request.makeCurrent()) {
            record(deliveries, answers);
            return true;
        } finally {
            request.end();
        }
    }

    /** Each message again in a request of its own, so that only the one at fault is given up. */
    private boolean oneByOne(List<Delivery> deliveries) {
        boolean allDone = true;
        for (Delivery delivery : deliveries) {
            allDone &= submit(List.of(delivery));
        }
        return allDone;
    }

    private boolean failed(List<Delivery> deliveries, RuntimeException e) {
        boolean allDone = true;
        for (Delivery delivery : deliveries) {
            allDone &= failures.failed(delivery.span(), delivery.message(), e);
        }
        return allDone;
    }

    private void record(List<Delivery> deliveries, List<InvoiceJobs.Answer> answers) {
        List<Delivery> accepted = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            if (answers.get(i).accepted()) {
                accepted.add(deliveries.get(i));
                jobIds.add(answers.get(i).jobId());
            } else {
                failures.failed(deliveries.get(i).span(), deliveries.get(i).message(), answers.get(i).refusal());
            }
        }
        if (accepted.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < accepted.size(); i++) {
                    orders.recordInvoiceJob(accepted.get(i).message().orderId, jobIds.get(i));
                }
                outbox.markDelivered(accepted.stream().map(delivery -> delivery.message().id).toList(), now);
            });
        } catch (RuntimeException e) { // the jobs are queued all the same; their keys answer the next attempt
            failed(accepted, e);
            return;
        }
        metrics.delivered(accepted.size());
        for (int i = 0; i < accepted.size(); i++) {
            try (Scope ignored = accepted.get(i).span().makeCurrent()) {
                LOG.infof("Invoice job %s accepted for order %s", jobIds.get(i), accepted.get(i).message().orderId);
            }
        }
    }

    private InvoiceJob read(OutboxMessage message) {
        try {
            return json.readValue(message.payload, InvoiceJob.class);
        } catch (JsonProcessingException e) {
            throw new OutboxFailures.UnreadableMessage(
                    "outbox message " + message.id + " holds no invoice job: " + e.getMessage(), e);
        }
    }
}
