package dev.brigade.it;

import static dev.brigade.it.RunningServices.Service.WORKER;
import static dev.brigade.it.Wire.assertProblem;
import static dev.brigade.it.Wire.assertReady;
import static dev.brigade.it.Wire.postJob;
import static dev.brigade.it.Wire.request;
import static dev.brigade.it.Wire.send;
import static dev.brigade.it.Wire.total;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.it.KeycloakLogin.User;
import dev.brigade.it.Wire.Answer;

/**
 * Report jobs carry their orders, so they are the largest bodies anyone may send: up to 2 MiB and 10,000 orders. The
 * packaged worker-service runs here on a 256 MiB heap (less than the containers' 384 MiB); these reports, sent at once,
 * must leave it ready, with every job it accepted, and each refusal must be a problem saying why. (At 8 MiB a report
 * took H2 out: its commit wanted a 30 MB buffer, the heap had none, and the database closed for good.)
 */
class ReportLimitsIT {

    static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
    static final int MAX_ORDERS = 10_000;

    @Test
    void aBodyOverTheLimitIs413BeforeItIsRead() {
        String body = "{\"type\":\"report\",\"payload\":{\"note\":\"" + "n".repeat(MAX_BODY_BYTES) + "\"}}";
        Answer job = postJob(staff(), body);
        assertProblem(job, 413, "body-too-large");
        assertTrue(job.json().path("detail").asText().contains(Integer.toString(MAX_BODY_BYTES)), job::toString);
        assertReady(WORKER);
    }

    @Test
    void millionsOfEmptyObjectsAre400WhileTheyAreRead() {
        // 600,000 {} in 1.8 MB: under the body limit, over the token limit.
        StringBuilder body = new StringBuilder(1_900_000)
                .append("{\"type\":\"report\",\"payload\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\",\"orders\":[");
        for (int i = 0; i < 600_000; i++) {
            body.append(i == 0 ? "{}" : ",{}");
        }
        Answer job = postJob(staff(), body.append("]}}").toString());
        assertProblem(job, 400, "json-over-limit");
        assertTrue(job.json().path("detail").asText().contains("1000000 values"), job::toString);
        assertReady(WORKER);
    }

    /**
     * Eight reports at the limits, sent at the same moment: four just under 2 MiB in few values (two orders with a
     * 990,000-character name each), four of 10,000 orders. Each is accepted, or told to come back (503 with
     * {@code Retry-After}) while the others are read; sent again, it is accepted. Every one of them succeeds.
     */
    @Test
    void reportsAtTheLimitsSentAtOnceLeaveTheWorkerReadyWithEveryJob() throws Exception {
        long jobsBefore = jobCount();
        StringBuilder longNames = new StringBuilder("{\"type\":\"report\",\"payload\":{\"from\":\"2026-01-01\","
                + "\"to\":\"2026-01-31\",\"orders\":[");
        for (int i = 0; i < 2; i++) {
            longNames.append(i == 0 ? "" : ",").append("{\"id\":\"o").append(i)
                    .append("\",\"createdAt\":\"2026-01-05T10:00:00Z\",\"lines\":[{\"productId\":").append(i)
                    .append(",\"name\":\"").append("n".repeat(990_000)).append("\",\"quantity\":1,\"unitPriceCents\":1}]}");
        }
        String fullest = reportJson(MAX_ORDERS);
        String longest = longNames.append("]}}").toString();
        List<String> bodies = List.of(longest, fullest, longest, fullest, longest, fullest, longest, fullest);
        bodies.forEach(body -> assertTrue(body.length() < MAX_BODY_BYTES, "a body inside the limit"));

        List<String> accepted = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> submissions = new ArrayList<>();
            for (String body : bodies) {
                submissions.add(senders.submit(() -> submitUntilAccepted(body)));
            }
            for (Future<String> submission : submissions) {
                accepted.add(submission.get(5, TimeUnit.MINUTES));
            }
        }
        assertReady(WORKER);
        assertEquals(jobsBefore + bodies.size(), jobCount(), "every accepted report is a job");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (String id : accepted) {
                JsonNode job = send(request(WORKER, "/api/jobs/" + id, staff()).GET().build()).json();
                assertEquals("SUCCEEDED", job.path("status").asText(), () -> "job " + id + ": " + job);
            }
        });
        assertReady(WORKER);
    }

    /** Sends a report until it is accepted, waiting as each busy answer says; the job id. */
    private static String submitUntilAccepted(String body) {
        for (int attempt = 1; ; attempt++) {
            Answer job = postJob(staff(), body);
            if (job.status() == 202) {
                return job.json().path("id").asText();
            }
            assertProblem(job, 503, "busy-reading-bodies");
            assertTrue(attempt < 100, () -> "still busy after 100 attempts: " + job);
            long wait = Long.parseLong(job.header("retry-after").orElseThrow(() -> new AssertionError(
                    "a busy answer without Retry-After: " + job)));
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A report over {@code orders} one-line orders of January, as the back office would send it. */
    static String reportJson(int orders) {
        StringBuilder body = new StringBuilder(orders * 150)
                .append("{\"type\":\"report\",\"payload\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\",\"orders\":[");
        for (int i = 0; i < orders; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"it-o").append(i).append("\",\"createdAt\":\"2026-01-")
                    .append(String.format("%02d", 1 + i % 28)).append("T10:15:30Z\",\"lines\":[{\"productId\":")
                    .append(i % 500).append(",\"name\":\"Product ").append(i % 500)
                    .append("\",\"quantity\":1,\"unitPriceCents\":").append(100 + i % 9000).append("}]}");
        }
        return body.append("]}}").toString();
    }

    private static long jobCount() {
        return total(WORKER, "/api/jobs?size=1", staff());
    }

    private static String staff() {
        return KeycloakLogin.token(User.SAM);
    }
}
