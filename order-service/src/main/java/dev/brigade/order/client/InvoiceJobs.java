package dev.brigade.order.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.contracts.InvoiceJob;

/**
 * Submits invoice jobs to worker-service. No retries here: the outbox relay retries with back-off, and the job's
 * idempotent key makes a repeated submission return the first job.
 */
@ApplicationScoped
public class InvoiceJobs {

    private final WorkerClient worker;

    InvoiceJobs(@RestClient WorkerClient worker) {
        this.worker = worker;
    }

    /** Returns the id of the job worker-service accepted (or already had) for this request. */
    @Timeout(3000)
    public String submit(InvoiceJob job) {
        Response response;
        try {
            response = worker.submit(job);
        } catch (RuntimeException e) {
            throw new WorkerUnavailable(0, "worker-service could not be reached: " + e.getMessage(), e);
        }
        try (response) {
            int status = response.getStatus();
            if (status / 100 == 2) {
                JsonNode accepted = response.readEntity(JsonNode.class);
                if (accepted != null && accepted.hasNonNull("id")) {
                    return accepted.get("id").asText();
                }
                throw new WorkerUnavailable(status, "worker-service accepted the job but its answer has no id", null);
            }
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            throw new WorkerUnavailable(status, "worker-service answered " + status + " " + abbreviate(body), null);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** worker-service did not take the job: {@link #refused()} when it said no for good ({@link Refusals}). */
    public static class WorkerUnavailable extends RuntimeException {

        private final int status;

        public WorkerUnavailable(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        public boolean refused() {
            return Refusals.forGood(status);
        }
    }
}
