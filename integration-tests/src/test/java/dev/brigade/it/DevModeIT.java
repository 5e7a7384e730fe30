package dev.brigade.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.brigade.testing.FreePorts;

/**
 * Dev mode the way a developer uses it: {@code ./dev.sh catalog-service} in a scratch copy of this checkout (its
 * tracked files only, so nothing built or installed comes along), an edit to a resource class that the next request
 * shows without a restart, then Ctrl-C, after which no process of the session is left.
 */
class DevModeIT {

    private static final Path ROOT = Path.of(System.getProperty("brigade.root", "..")).toAbsolutePath().normalize();
    /** Bounds that turn a hang into a failure; the first start compiles three modules. */
    private static final Duration START_BOUND = Duration.ofMinutes(6);
    private static final Duration RELOAD_BOUND = Duration.ofMinutes(2);
    private static final Duration STOP_BOUND = Duration.ofMinutes(1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aResourceEditShowsOnTheNextRequestAndCtrlCLeavesNoProcess() throws Exception {
        Path clone = scratchClone();
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        Path log = clone.resolve("dev.log");
        // setsid: the script and everything it starts share one session, as a terminal's foreground job would.
        Process devMode = new ProcessBuilder("setsid", "./dev.sh", "catalog-service",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort, "-Ddebug=false", "-Dquarkus.console.enabled=false")
                .directory(clone.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long session = devMode.pid();
        try {
            // A public read: no token needed, so no Keycloak either.
            String url = "http://localhost:" + port + "/api/products/987654321";
            await("dev mode ready", START_BOUND, devMode, log, () -> status("http://localhost:" + managementPort + "/q/health/ready") == 200);
            assertTrue(body(url).contains("Product 987654321 does not exist"), body(url));

            Path domain = clone.resolve("catalog-service/src/main/java/dev/brigade/catalog/domain/ProductCatalog.java");
            String source = Files.readString(domain);
            String edited = source.replace("orElseThrow(() -> ProblemException.notFound(\"Product\", id))",
                    "orElseThrow(() -> ProblemException.notFound(\"Catalogue product\", id))");
            assertTrue(!edited.equals(source), "the line to edit is still in ProductCatalog");
            Files.writeString(domain, edited);

            await("the edit served", RELOAD_BOUND, devMode, log, () -> body(url).contains("Catalogue product 987654321 does not exist"));
        } finally {
            new ProcessBuilder("kill", "-INT", "--", "-" + session).start().waitFor();
        }
        boolean exited = devMode.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS);
        long deadline = System.nanoTime() + STOP_BOUND.toNanos();
        List<Long> left = inSession(session);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            RunningServices.sleep(500);
            left = inSession(session);
        }
        if (!left.isEmpty()) {
            new ProcessBuilder("kill", "-KILL", "--", "-" + session).start().waitFor();
        }
        assertTrue(exited, "dev.sh exited after Ctrl-C");
        assertEquals(List.of(), left, "processes of the dev session still running after Ctrl-C");
    }

    /**
     * The tracked files of this checkout (with their uncommitted edits), in a fresh folder outside it, so that
     * neither Maven nor Quarkus can find this checkout's modules from there.
     */
    private static Path scratchClone() throws IOException, InterruptedException {
        Path clone = Files.createTempDirectory("brigade-dev-mode-");
        Process list = new ProcessBuilder("git", "ls-files", "-z").directory(ROOT.toFile()).start();
        String[] files = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\0");
        assertEquals(0, list.waitFor(), "git ls-files in " + ROOT);
        for (String file : files) {
            Path from = ROOT.resolve(file);
            if (!file.isEmpty() && Files.isRegularFile(from)) {
                Path to = clone.resolve(file);
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return clone;
    }

    private static List<Long> inSession(long session) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "pid=", "-s", String.valueOf(session)).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ps.waitFor();
        return out.lines().map(String::trim).filter(Predicate.not(String::isEmpty)).map(Long::valueOf).toList();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Duration bound, Process devMode, Path log, Check check) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!devMode.isAlive()) {
                fail("dev.sh exited with " + devMode.exitValue() + " before: " + what + "; see " + log);
            }
            try {
                if (check.holds()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet, or restarting
            }
            RunningServices.sleep(200);
        }
        fail("not within " + bound.toSeconds() + " s: " + what + "; see " + log);
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String body(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

}
