package dev.brigade.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an open event stream costs the packaged service's heap: {@value #STREAMS} streams on jobs that wait in the queue
 * (one child, busy with a long job), the heap after a full GC before and after they open. The figure per stream is
 * printed and written down in the README; the bound here is what a user sizing {@code worker.events.max-streams}
 * against a heap relies on.
 */
class EventStreamCostIT {

    private static final int JOBS = 40;
    private static final int STREAMS_PER_JOB = 10;
    private static final int STREAMS = JOBS * STREAMS_PER_JOB;
    /**
     * The bound per stream: 1000 streams (the default limit) in at most 48 MiB of heap. Measured: 21.5 KB, 23.5 KB with tracing (2026-12-07);
     * the rest is room for what else the heap holds after a full GC, which is not the same twice.
     */
    private static final long MAX_BYTES_PER_STREAM = 48 * 1024;
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)");

    @TempDir
    Path workDir;
    private PackagedService service;
    private final List<Socket> streams = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket stream : streams) {
            stream.close();
        }
        if (service != null) {
            service.kill();
        }
    }

    @Test
    void anOpenEventStreamCostsAFewKilobytesOfHeap() throws Exception {
        PackagedService.app();
        service = new PackagedService(workDir, Map.of("WORKER_POOL_SIZE", "1", "WORKER_JOBS_DIAGNOSTIC_TYPES", "true",
                "WORKER_EVENTS_MAX_STREAMS", String.valueOf(STREAMS + STREAMS_PER_JOB)));
        service.start();
        service.awaitReadyWorkers(1, Duration.ofSeconds(90));

        submitSleep(600_000); // the one child is busy with this: the jobs below stay queued, their streams open
        List<String> queued = new ArrayList<>();
        for (int i = 0; i <= JOBS; i++) {
            queued.add(submitSleep(1_000));
        }
        openStreams(queued.get(JOBS)); // the first streams load what every stream needs
        long before = heapAfterFullGc();
        for (String job : queued.subList(0, JOBS)) {
            openStreams(job);
        }
        long after = heapAfterFullGc();

        long perStream = (after - before) / STREAMS;
        System.out.printf("%d open event streams: heap %,d -> %,d bytes after a full GC, %,d bytes per stream%n",
                STREAMS, before, after, perStream);
        assertTrue(perStream <= MAX_BYTES_PER_STREAM, () -> perStream + " bytes of heap per open stream");
    }

    private String submitSleep(long millis) throws Exception {
        HttpResponse<String> submitted = service.postJson("/api/jobs",
                "{\"type\":\"sleep\",\"payload\":{\"millis\":" + millis + ",\"steps\":1}}");
        assertEquals(202, submitted.statusCode(), submitted::body);
        return PackagedService.JSON.readTree(submitted.body()).path("id").asText();
    }

    /** Opens the job's streams as a browser would (one connection each) and reads each one's first event. */
    private void openStreams(String job) throws IOException {
        for (int i = 0; i < STREAMS_PER_JOB; i++) {
            Socket socket = new Socket("127.0.0.1", service.port());
            socket.setSoTimeout(30_000);
            streams.add(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/jobs/" + job + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "Authorization: " + PackagedService.staffBearer() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            assertTrue(status != null && status.contains(" 200 "), () -> "stream " + streams.size() + ": " + status);
            for (String line = in.readLine(); line != null && !line.startsWith("data:"); line = in.readLine()) {
                // headers and the event's name
            }
        }
    }

    private long heapAfterFullGc() throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(service.process().pid()), "GC.run").redirectErrorStream(true).start();
        assertEquals(0, gc.waitFor(), () -> "jcmd GC.run failed");
        String metrics = PackagedService.HTTP.send(HttpRequest.newBuilder(URI.create(service.managementUrl("/q/metrics")))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        long used = 0;
        for (Matcher m = HEAP_USED.matcher(metrics); m.find(); ) {
            used += (long) Double.parseDouble(m.group(1));
        }
        assertTrue(used > 0, "heap figures in /q/metrics");
        return used;
    }
}
