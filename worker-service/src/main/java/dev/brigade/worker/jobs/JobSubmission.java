package dev.brigade.worker.jobs;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.contracts.InvoiceJob;
import dev.brigade.worker.child.handlers.ReportHandler;

/**
 * The body of {@code POST /api/jobs}. A {@code key} makes the submission idempotent. {@code owner} is the customer
 * (token subject) order-service submits an invoice for; staff's own jobs are theirs, and they send none.
 * {@code traceParent} names the span the job's run continues, for a job in a batch (one request, many traces); a
 * single submission's run continues the request's own trace when it names none.
 */
public record JobSubmission(
        @NotBlank @Size(max = 64) String type,
        @NotNull @Schema(description = "A JSON object whose shape the type sets. invoice: the record InvoiceJob.Payload"
                + " of module contracts, at most " + InvoiceJob.MAX_LINES + " lines and 256 KiB; report: {from, to,"
                + " orders}, at most " + ReportHandler.MAX_ORDERS + " orders and 2 MiB; every other type: 1 MiB."
                + " Beyond an item limit: 400 naming the field; beyond a size: 413")
        JsonNode payload,
        @Size(min = 1, max = 200) String key,
        @Size(min = 1, max = 255) String owner,
        @Pattern(regexp = "[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}",
                message = "must be a W3C traceparent (version-traceid-spanid-flags in lower-case hex)")
        @Schema(description = "The W3C traceparent of the span this job's run continues; by default the request's")
        String traceParent) {
}
