package dev.brigade.worker.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.brigade.contracts.InvoiceJobBatch;
import dev.brigade.worker.jobs.JobSubmission;

/** The body of {@code POST /api/jobs/batch}: jobs to queue at once, each as {@code POST /api/jobs} takes one. */
public record JobBatch(
        @NotNull @Size(min = 1, max = InvoiceJobBatch.MAX_JOBS)
        @Schema(description = "1 to " + InvoiceJobBatch.MAX_JOBS + " jobs; the body as a whole at most 2 MiB")
        List<@NotNull @Valid JobSubmission> jobs) {
}
