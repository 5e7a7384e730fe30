package dev.brigade.worker.api;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.process.ChildClasspath;
import dev.brigade.testing.Tokens;

/**
 * The packaged worker-service as a real process (test-support's {@link dev.brigade.testing.PackagedService}), with
 * the diagnostic job types in its children when asked for; the test calls it as staff.
 */
final class PackagedService extends dev.brigade.testing.PackagedService {

    private static final String STAFF_BEARER = "Bearer " + Tokens.token(Tokens.Who.STAFF);

    static final HttpClient HTTP = dev.brigade.testing.PackagedService.HTTP;
    static final ObjectMapper JSON = new ObjectMapper();

    PackagedService(Path workDir, Map<String, String> env) throws IOException {
        super(app(), workDir, withChildren(env));
    }

    static Path app() {
        return app("worker.app.dir");
    }

    private static Map<String, String> withChildren(Map<String, String> env) {
        if (!"true".equals(env.get("WORKER_JOBS_DIAGNOSTIC_TYPES"))) {
            return env;
        }
        // The diagnostic handlers (sleep, crash, ...) are no part of the packaged service: its children get them
        // from worker-child's test jar, and offer them in their handshake.
        String testHandlers = System.getProperty("worker.test-handlers");
        assumeTrue(testHandlers != null && Files.exists(Path.of(testHandlers)),
                "worker-child's test jar (the diagnostic handlers) is not there: run `mvn verify`");
        Map<String, String> withChildren = new HashMap<>(env);
        withChildren.put("WORKER_CHILD_CLASSPATH",
                ChildClasspath.fastJar(app().toAbsolutePath()) + File.pathSeparator + testHandlers);
        return withChildren;
    }

    static String staffBearer() {
        return STAFF_BEARER;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", path, Tokens.Who.STAFF, null).body());
    }

    HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, Tokens.Who.STAFF, body);
    }

    /** Waits until readiness is UP with {@code count} ready children; returns {@code GET /api/workers}. */
    JsonNode awaitReadyWorkers(int count, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            assertTrue(process().isAlive(), () -> "the service exited: " + log());
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl("/q/health/ready")))
                        .build(), HttpResponse.BodyHandlers.ofString());
                JsonNode workers = get("/api/workers");
                last = ready.statusCode() + " " + workers;
                if (ready.statusCode() == 200 && workers.path("ready").asInt() == count) {
                    return workers;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service did not get " + count + " ready children: " + last + "\n" + log());
    }
}
