package dev.brigade.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * A packaged service ({@code target/quarkus-app}, built by {@code mvn verify} before failsafe runs) started as a real
 * process in a work directory of its own, so its H2 database and logs survive a restart in that directory: the
 * services' restart tests kill it ({@code kill -9}) and start it again there. It verifies tokens ({@link Tokens})
 * against the stand-in OpenID Connect provider.
 */
public class PackagedService {

    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static OidcWiremockTestResource identityProvider;
    private static String identityProviderUrl;

    private final Path app;
    private final Path workDir;
    private final Map<String, String> env;
    private final int port;
    private final int managementPort;
    private Process process;

    public PackagedService(Path app, Path workDir, Map<String, String> env) throws IOException {
        this.app = app;
        this.workDir = workDir;
        this.env = new HashMap<>(env);
        this.port = FreePorts.next();
        this.managementPort = FreePorts.next();
    }

    /** The packaged service named by {@code property} (default {@code target/quarkus-app}); skips the test if absent. */
    public static Path app(String property) {
        Path app = Path.of(System.getProperty(property, "target/quarkus-app"));
        assumeTrue(Files.exists(app.resolve("quarkus-run.jar")),
                "the packaged service is not there yet: run `mvn verify` (it packages before this test)");
        return app;
    }

    public void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", app.resolve("quarkus-run.jar").toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("service.log").toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().put("OIDC_AUTH_SERVER_URL", identityProvider() + "/realms/quarkus");
        builder.environment().put("OIDC_ISSUER", Tokens.ISSUER);
        process = builder.start();
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGKILL, then a start on the same work directory (and so the same H2 database), ready again. */
    public void killAndRestart(Duration within) throws Exception {
        kill();
        start();
        awaitReady(within);
    }

    public Process process() {
        return process;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    /** A URL on the management port: /q/health, /q/metrics. */
    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    /** {@code method path} with this caller's token and, unless null, a JSON body. */
    public HttpResponse<String> send(String method, String path, Tokens.Who caller, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + Tokens.token(caller));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until readiness is UP. */
    public void awaitReady(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the service exited: " + log());
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl("/q/health/ready")))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
                last = ready.statusCode() + " " + ready.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service did not get ready: " + last + "\n" + log());
    }

    public String log() {
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
