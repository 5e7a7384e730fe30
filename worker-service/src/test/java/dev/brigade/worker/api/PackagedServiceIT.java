package dev.brigade.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Starts the packaged service ({@code target/quarkus-app}, run by failsafe after packaging) as a real process:
 * its children are forked from the fast-jar class path, and killing the service with {@code SIGKILL} leaves no
 * child behind.
 */
class PackagedServiceIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path workDir;
    private Process service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.destroyForcibly();
        }
    }

    @Test
    void childrenRunFromThePackagedJarAndDieWithTheServiceWhenItIsKilled() throws Exception {
        Path app = Path.of(System.getProperty("worker.app.dir", "target/quarkus-app"));
        assumeTrue(Files.exists(app.resolve("quarkus-run.jar")),
                "the packaged service is not there yet: run `mvn verify` (it packages before this test)");
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", app.resolve("quarkus-run.jar").toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("service.log").toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("WORKER_POOL_SIZE", "2");
        service = builder.start();

        String base = "http://127.0.0.1:" + port;
        JsonNode workers = awaitReadyWorkers(base, 2, Duration.ofSeconds(90));
        List<Long> pids = new ArrayList<>();
        workers.path("workers").forEach(w -> pids.add(w.path("pid").asLong()));
        assertEquals(2, pids.size(), workers.toString());
        for (long pid : pids) {
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child " + pid + " runs");
        }

        // Every process the service started (the pool's children, a class-data sharing training child if running).
        service.toHandle().descendants().forEach(d -> {
            if (!pids.contains(d.pid())) {
                pids.add(d.pid());
            }
        });

        service.destroyForcibly(); // SIGKILL: no shutdown hook runs, only the closed pipes tell the children
        service.waitFor();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Long> alive = List.copyOf(pids);
        while (System.nanoTime() < deadline) {
            alive = pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .toList();
            if (alive.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(List.of(), alive, "children still alive 5 s after the service was killed");
    }

    private JsonNode awaitReadyWorkers(String base, int count, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            assertTrue(service.isAlive(), () -> "the service exited: " + log());
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> workers = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/workers"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                last = ready.statusCode() + " " + workers.body();
                JsonNode body = new ObjectMapper().readTree(workers.body());
                if (ready.statusCode() == 200 && body.path("ready").asInt() == count) {
                    return body;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service did not get " + count + " ready children: " + last + "\n" + log());
    }

    private String log() {
        try {
            return Files.readString(workDir.resolve("service.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
