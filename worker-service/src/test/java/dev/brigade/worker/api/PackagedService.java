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
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.process.ChildClasspath;
import dev.brigade.testing.FreePorts;
import dev.brigade.testing.Tokens;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The packaged service ({@code target/quarkus-app}, built by {@code mvn verify} before failsafe runs) started as a
 * real process in a work directory of its own, so its H2 database and logs survive a restart in that directory. It
 * verifies tokens against the stand-in OpenID Connect provider, and the test calls it as staff.
 */
final class PackagedService {

    private static OidcWiremockTestResource identityProvider;
    private static String identityProviderUrl;
    private static final String STAFF_BEARER = "Bearer " + Tokens.token(Tokens.Who.STAFF);

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final Map<String, String> env;
    private final int port;
    private final int managementPort;
    private Process process;

    PackagedService(Path workDir, Map<String, String> env) throws IOException {
        this.workDir = workDir;
        this.env = env;
        this.port = FreePorts.next();
        this.managementPort = FreePorts.next();
    }

    static Path app() {
        Path app = Path.of(System.getProperty("worker.app.dir", "target/quarkus-app"));
        assumeTrue(Files.exists(app.resolve("quarkus-run.jar")),
                "the packaged service is not there yet: run `mvn verify` (it packages before this test)");
        return app;
    }

    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", app().resolve("quarkus-run.jar").toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("service.log").toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().put("OIDC_AUTH_SERVER_URL", identityProvider() + "/realms/quarkus");
        builder.environment().put("OIDC_ISSUER", Tokens.ISSUER);
        if ("true".equals(env.get("WORKER_JOBS_DIAGNOSTIC_TYPES"))) {
            // The diagnostic handlers (sleep, crash, ...) are no part of the packaged service: its children get
            // them from worker-child's test jar, and offer them in their handshake.
            String testHandlers = System.getProperty("worker.test-handlers");
            assumeTrue(testHandlers != null && Files.exists(Path.of(testHandlers)),
                    "worker-child's test jar (the diagnostic handlers) is not there: run `mvn verify`");
            builder.environment().put("WORKER_CHILD_CLASSPATH",
                    ChildClasspath.fastJar(app().toAbsolutePath()) + File.pathSeparator + testHandlers);
        }
        process = builder.start();
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    Process process() {
        return process;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    int port() {
        return port;
    }

    /** A URL on the management port: /q/health, /q/metrics. */
    String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    static String staffBearer() {
        return STAFF_BEARER;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", STAFF_BEARER).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .header("Authorization", STAFF_BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until readiness is UP with {@code count} ready children; returns {@code GET /api/workers}. */
    JsonNode awaitReadyWorkers(int count, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the service exited: " + log());
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

    String log() {
        try {
            return Files.readString(workDir.resolve("service.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** One stand-in provider for all the packaged services of this JVM; stopped with it. */
    private static synchronized String identityProvider() {
        if (identityProvider == null) {
            identityProvider = new OidcWiremockTestResource();
            identityProviderUrl = identityProvider.start().get("keycloak.url");
            Runtime.getRuntime().addShutdownHook(new Thread(identityProvider::stop, "stop-oidc-stand-in"));
        }
        return identityProviderUrl;
    }

}
