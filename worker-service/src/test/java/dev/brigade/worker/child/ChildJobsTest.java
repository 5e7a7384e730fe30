package dev.brigade.worker.child;

import static dev.brigade.worker.child.Payloads.MAPPER;
import static dev.brigade.worker.child.Payloads.invoice;
import static dev.brigade.worker.child.Payloads.itemLines;
import static dev.brigade.worker.child.Payloads.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.brigade.worker.pool.JobOutcome;
import dev.brigade.worker.pool.JobRequest;
import dev.brigade.worker.pool.PoolConfig;
import dev.brigade.worker.pool.ProgressListener;
import dev.brigade.worker.pool.WorkerPool;

/**
 * The invoice and report jobs in a real forked child (one, with the children's default JVM options, so its heap
 * limit), the way worker-service runs them: the payload and the result travel as frames, the artifact as base64.
 */
class ChildJobsTest {

    private static final PoolConfig CONFIG = PoolConfig.defaults().withSize(1).withJobTimeout(Duration.ofMinutes(2))
            .withMaxAttempts(1);
    private static WorkerPool pool;

    @BeforeAll
    static void startPool() {
        assertTrue(CONFIG.jvmOptions().contains("-Xmx256m"), "the child's heap limit: " + CONFIG.jvmOptions());
        pool = new WorkerPool(CONFIG);
        pool.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (pool.readyWorkers() < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child was not ready within 60 s");
            }
            sleep(20);
        }
    }

    @AfterAll
    static void stopPool() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    @Test
    void anInvoiceJobSucceedsWithAPdfThatOpens() throws Exception {
        Progress progress = new Progress();
        JobOutcome outcome = run("inv-1", "invoice", invoice("o-2001", "Grace Hopper",
                line(7, "Teapot", 2, 1250), line(8, "Cup", 3, 499)), progress);

        assertTrue(outcome.succeeded(), outcome.toString());
        JsonNode result = outcome.result();
        assertEquals("invoice-o-2001.pdf", result.path("fileName").asText());
        assertEquals("application/pdf", result.path("mediaType").asText());
        try (PDDocument pdf = Loader.loadPDF(Base64.getDecoder().decode(result.path("content").asText()))) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("o-2001"), text);
            assertTrue(text.contains("Grace Hopper"), text);
            assertTrue(text.contains("Total EUR 39.97"), text);
        }
        assertTrue(progress.percents.size() >= 3, progress.percents.toString());
        assertEquals(100, progress.percents.get(progress.percents.size() - 1));
    }

    @Test
    void anInvalidInvoiceFailsWithItsReasonAndTheSameChildRunsTheNextJob() throws Exception {
        long pid = pool.snapshot().workers().get(0).pid();
        int restarts = pool.snapshot().workers().get(0).restarts();

        JobOutcome failed = run("inv-bad", "invoice", invoice("o-2002", "Grace Hopper",
                line(7, "Teapot", 1, 1250), line(8, "Cup", -3, 499)), new Progress());
        assertFalse(failed.succeeded());
        assertEquals("line 2: quantity must be at least 1, was -3", failed.error());
        assertEquals(1, failed.attempts());

        JobOutcome next = run("inv-next", "invoice", invoice("o-2003", "Grace Hopper", itemLines(120)),
                new Progress());
        assertTrue(next.succeeded(), next.toString());
        assertEquals(pid, pool.snapshot().workers().get(0).pid(), "the very same child");
        assertEquals(restarts, pool.snapshot().workers().get(0).restarts());
    }

    /**
     * 10,000 orders of 10 lines each; order i is on 2026-03-01 + (i mod 10) days, the range takes the first five
     * days, so 5,000 orders (50,000 lines) count. Line j (0..9) of every order: product P{j}, 2 pieces at
     * 250 x (j + 1) cents.
     */
    @Test
    void aReportOverAHundredThousandLinesSucceedsWithinTheChildsHeapLimit() throws Exception {
        ObjectNode payload = MAPPER.createObjectNode().put("from", "2026-03-01").put("to", "2026-03-05")
                .put("currency", "EUR");
        ArrayNode orders = payload.putArray("orders");
        int lines = 0;
        for (int i = 0; i < 10_000; i++) {
            ObjectNode order = orders.addObject().put("id", "order-" + i)
                    .put("createdAt", "2026-03-" + String.format("%02d", 1 + i % 10) + "T12:34:56Z");
            ArrayNode orderLines = order.putArray("lines");
            for (int j = 0; j < 10; j++) {
                orderLines.addObject().put("productId", "P" + j).put("name", "Product number " + j + ", boxed")
                        .put("quantity", 2).put("unitPriceCents", 250 * (j + 1));
                lines++;
            }
        }
        assertEquals(100_000, lines);
        long pid = pool.snapshot().workers().get(0).pid();

        Progress progress = new Progress();
        JobOutcome outcome = run("report-100k", "report", payload, progress);

        assertTrue(outcome.succeeded(), outcome.toString());
        assertEquals(pid, pool.snapshot().workers().get(0).pid(), "the child did not run out of memory");
        List<String> childCommand = List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
        assertTrue(childCommand.contains("-Xmx256m"), "the child's heap limit: " + childCommand);
        assertEquals("report-2026-03-01-to-2026-03-05.csv", outcome.result().path("fileName").asText());
        String csv = new String(Base64.getDecoder().decode(outcome.result().path("content").asText()),
                StandardCharsets.UTF_8);
        StringBuilder expected = new StringBuilder("section,productId,name,date,orders,quantity,revenueCents\r\n");
        // P{j}: 5,000 orders x 2 pieces = 10,000 pieces, x 250 (j + 1) cents = 2,500,000 (j + 1); P9 earns most
        for (int j = 9; j >= 0; j--) {
            expected.append("product,P").append(j).append(",\"Product number ").append(j).append(", boxed\",,,10000,")
                    .append(2_500_000L * (j + 1)).append("\r\n");
        }
        // a day: 1,000 orders x 10 lines x 2 pieces = 20,000 pieces; an order earns 2 x 250 x (1 + ... + 10) = 27,500
        for (int day = 1; day <= 5; day++) {
            expected.append("day,,,2026-03-0").append(day).append(",1000,20000,27500000\r\n");
        }
        assertEquals(expected.toString(), csv);
        assertTrue(progress.percents.size() >= 10, "progress per chunk: " + progress.percents);
        assertEquals(100, progress.percents.get(progress.percents.size() - 1));
    }

    private static JobOutcome run(String id, String type, JsonNode payload, ProgressListener listener)
            throws Exception {
        CompletionStage<JobOutcome> outcome = pool.submit(new JobRequest(id, type, payload), listener);
        return outcome.toCompletableFuture().get(150, TimeUnit.SECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static final class Progress implements ProgressListener {
        final List<Integer> percents = new CopyOnWriteArrayList<>();

        @Override
        public void progress(String jobId, int percent, String message) {
            percents.add(percent);
        }
    }
}
