package dev.brigade.order.client;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.contracts.InvoiceJob;
import dev.brigade.contracts.InvoiceJobBatch;

/**
 * Submits invoice jobs to worker-service, many to a request. No retries here: the outbox relay retries with back-off,
 * and each job's idempotent key makes a repeated submission return the first job.
 */
@ApplicationScoped
public class InvoiceJobs {

    private final WorkerClient worker;

    InvoiceJobs(@RestClient WorkerClient worker) {
        this.worker = worker;
    }

    /**
     * worker-service's answer to one job of a batch: the status {@code POST /api/jobs} would have given it (202 queued,
     * 200 queued before under its key, or a refusal) and the job's id, or what was wrong with it.
     */
    public record Answer(int status, String jobId, String problem) {

        public boolean accepted() {
            return status / 100 == 2 && jobId != null;
        }

        /** Why this job was not accepted, as the relay records a failed delivery. */
        public WorkerUnavailable refusal() {
            return new WorkerUnavailable(status, "worker-service answered " + status + " " + abbreviate(problem), null);
        }
    }

    /**
     * Each job's answer, in their order, from one request; at most {@link InvoiceJobBatch#MAX_JOBS} jobs. Throws
     * {@link WorkerUnavailable} when worker-service could not be reached or refused the request as a whole.
     */
    @Timeout(3000)
    public List<Answer> submitAll(List<InvoiceJob> jobs) {
        Response response;
        try {
            response = worker.submitAll(new InvoiceJobBatch(jobs));
        } catch (RuntimeException e) {
            throw new WorkerUnavailable(0, "worker-service could not be reached: " + e.getMessage(), e);
        }
        try (response) {
            int status = response.getStatus();
            if (status != 200) {
                String body = response.hasEntity() ? response.readEntity(String.class) : "";
                throw new WorkerUnavailable(status, "worker-service answered " + status + " " + abbreviate(body), null);
            }
            JsonNode answered = response.readEntity(JsonNode.class).path("jobs");
            if (answered.size() != jobs.size()) {
                throw new WorkerUnavailable(status, "worker-service answered " + answered.size() + " of the "
                        + jobs.size() + " jobs it was sent", null);
            }
            List<Answer> answers = new ArrayList<>(jobs.size());
            for (JsonNode answer : answered) {
                answers.add(new Answer(answer.path("status").asInt(), answer.path("job").path("id").asText(null),
                        answer.path("problem").path("detail").asText("")));
            }
            return answers;
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
