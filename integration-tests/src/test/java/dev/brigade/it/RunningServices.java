package dev.brigade.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import dev.brigade.testing.FreePorts;

/**
 * The packaged services, started once for the whole suite from their {@code target/quarkus-app} on free ports, each
 * on its own H2 database under {@code target/it-data}, with logs in {@code target/it-logs}, and the identity provider
 * they trust: Keycloak with the realm file, started by {@code tools/keycloak.sh} (as {@code ./run.sh} starts it) in
 * {@code target/keycloak}. Tests may stop and start one service to see how the others cope; it comes back on the same
 * port with the same data. Every service exports its spans, for the whole suite, to one OTLP receiver in this JVM
 * ({@link #traces()}), over OTLP/HTTP.
 */
public final class RunningServices {

    public enum Service {
        CATALOG("catalog-service"), ORDER("order-service"), WORKER("worker-service"), FRONTEND("frontend-static");

        final String module;

        Service(String module) {
            this.module = module;
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final String HEAP = "-Xmx256m";
    private static final Duration KEYCLOAK_TIMEOUT = Duration.ofSeconds(300);
    /**
     * The CPUs the services may run on ({@code taskset -c}); the suite pins them all to one core, so that every
     * machine is a slow machine and a design that only holds on a fast one fails here. Empty: no pinning.
     */
    static final String SERVICE_CPUS = System.getProperty("brigade.it.service-cpus", "");
    /**
     * Whether the services record what they do, and the suite makes their {@code target/quarkus-app/app.aot} from it
     * when it stops them at the end (the JDK AOT cache that {@code ./run.sh} starts from): some seconds each.
     */
    static final boolean AOT_TRAINING = Boolean.parseBoolean(System.getProperty("brigade.it.aot-training", "true"));
    /** A bound that turns a service that does not stop, or a cache not made, into a kill. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(AOT_TRAINING ? 180 : 30);
    private static RunningServices instance;
    /** The realm file's dev-only secret of the order-service client. */
    static final String ORDER_SERVICE_SECRET = "dev-only-order-service-secret";

    private final Path root = Path.of(System.getProperty("brigade.root", "..")).toAbsolutePath().normalize();
    private final Path target = root.resolve("integration-tests/target");
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, Integer> managementPorts = new EnumMap<>(Service.class);
    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    private final Set<Service> trained = EnumSet.noneOf(Service.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int keycloakPort;
    private final OtlpTraceReceiver traces;
    private Process keycloak;

    /**
     * {@code -Dbrigade.it.running}: test the shop already running on its usual ports (8081, 8082, 8083, 8000), e.g.
     * {@code ./dev.sh all}, instead of starting the packaged services; tests that stop a service are skipped.
     */
    static final boolean ALREADY_RUNNING = Boolean.getBoolean("brigade.it.running");
    private static final Map<Service, Integer> USUAL_PORTS = Map.of(
            Service.CATALOG, 8081, Service.ORDER, 8082, Service.WORKER, 8083, Service.FRONTEND, 8000);
    /** Their management ports (/q/*): each public port + 1000. */
    private static final Map<Service, Integer> USUAL_MANAGEMENT_PORTS = Map.of(
            Service.CATALOG, 9081, Service.ORDER, 9082, Service.WORKER, 9083, Service.FRONTEND, 9000);

    public static synchronized RunningServices get() {
        if (instance == null) {
            instance = new RunningServices();
            if (!ALREADY_RUNNING) {
                Runtime.getRuntime().addShutdownHook(new Thread(instance::stopAll, "stop-services"));
                instance.startAll();
            }
        }
        return instance;
    }

    private RunningServices() {
        for (Service service : Service.values()) {
            ports.put(service, ALREADY_RUNNING ? USUAL_PORTS.get(service) : FreePorts.next());
            managementPorts.put(service, ALREADY_RUNNING ? USUAL_MANAGEMENT_PORTS.get(service) : FreePorts.next());
        }
        keycloakPort = ALREADY_RUNNING ? 8180 : FreePorts.next();
        traces = ALREADY_RUNNING ? null : OtlpTraceReceiver.start();
        if (!ALREADY_RUNNING) {
            deleteRecursively(target.resolve("it-data"));
        }
    }

    /** The receiver of every span the services export; services the suite did not start export elsewhere, if at all. */
    OtlpTraceReceiver traces() {
        Assumptions.assumeFalse(ALREADY_RUNNING,
                "-Dbrigade.it.running: the services were not started by the suite, so their spans do not reach it");
        return traces;
    }

    public String url(Service service) {
        return "http://localhost:" + ports.get(service);
    }

    /** Where the service serves /q/* (health, metrics, its OpenAPI document): not on its public port. */
    public String managementUrl(Service service) {
        return "http://localhost:" + managementPorts.get(service);
    }

    /** The log the packaged service writes (prod profile: one JSON object a line, with its traceId). */
    public Path logOf(Service service) {
        return target.resolve("it-logs").resolve(service.module + ".log");
    }

    /** The realm's URL, its issuer: what the services trust and where tokens come from. */
    public String issuer() {
        return "http://localhost:" + keycloakPort + "/realms/brigade";
    }

    /** The page's origin, the one every service is configured to accept. */
    public String frontendOrigin() {
        return url(Service.FRONTEND);
    }

    public synchronized void stop(Service service) {
        Assumptions.assumeFalse(ALREADY_RUNNING,
                "-Dbrigade.it.running: the suite does not stop services it did not start");
        Process process = processes.remove(service);
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public synchronized void start(Service service) {
        if (processes.containsKey(service)) {
            return;
        }
        Path jar = quarkusApp(service).resolve("quarkus-run.jar");
        if (!Files.exists(jar)) {
            fail(jar + " is missing: build the services first (mvn verify builds them before this module)");
        }
        try {
            Path workDir = Files.createDirectories(target.resolve("it-data").resolve(service.module));
            Path log = Files.createDirectories(target.resolve("it-logs")).resolve(service.module + ".log");
            List<String> command = onServiceCpus();
            command.addAll(List.of(javaBinary(), HEAP));
            if (AOT_TRAINING) {
                // The suite is the training workload. Recording only writes what the run loaded and profiled when the
                // JVM stops (under a second); the cache is made from the last recording at the end (writeAotCaches),
                // so a service stopped and started again by a test does not assemble one that is replaced anyway.
                command.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + aotConfiguration(service)));
                trained.add(service);
            }
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.get(service)));
            env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPorts.get(service)));
            env.put("FRONTEND_PORT", String.valueOf(ports.get(Service.FRONTEND)));
            env.put("FRONTEND_ORIGINS", frontendOrigin());
            env.put("CATALOG_URL", url(Service.CATALOG));
            env.put("ORDER_URL", url(Service.ORDER));
            env.put("WORKER_URL", url(Service.WORKER));
            env.put("WORKER_POOL_SIZE", "2");
            env.put("OIDC_AUTH_SERVER_URL", issuer());
            env.put("OIDC_ISSUER", issuer());
            env.put("OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint());
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
            if (service == Service.ORDER) {
                env.put("ORDER_SERVICE_CLIENT_SECRET", ORDER_SERVICE_SECRET);
            }
            processes.put(service, builder.start());
            awaitReady(service, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startAll() {
        // Keycloak starts while the services do (they look for it at their first request with a token).
        startKeycloak();
        // Catalog and worker first: order-service calls them, and the page only serves files. order-service after
        // Keycloak too, as compose starts it: its readiness waits for its token (up to its warm-up limit).
        List.of(Service.CATALOG, Service.WORKER).forEach(this::start);
        awaitKeycloak();
        List.of(Service.ORDER, Service.FRONTEND).forEach(this::start);
    }

    private synchronized void stopAll() {
        // All at once; then their AOT caches, all at once too.
        processes.values().forEach(Process::destroy);
        if (keycloak != null) {
            keycloak.destroy(); // kc.sh hands SIGTERM on to Keycloak's JVM
        }
        List.copyOf(processes.keySet()).forEach(this::stop);
        if (keycloak != null) {
            try {
                if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
                    keycloak.descendants().forEach(ProcessHandle::destroyForcibly);
                    keycloak.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // After the services: their last batch of spans leaves as they stop.
        traces.close();
        writeAotCaches();
    }

    /** The start of a command that runs on the services' CPUs ({@code brigade.it.service-cpus}), or anywhere. */
    private static List<String> onServiceCpus() {
        return new ArrayList<>(SERVICE_CPUS.isBlank() ? List.of() : List.of("taskset", "-c", SERVICE_CPUS));
    }

    private Path quarkusApp(Service service) {
        return root.resolve(service.module).resolve("target/quarkus-app");
    }

    private Path aotConfiguration(Service service) {
        return quarkusApp(service).resolve("app.aotconf");
    }

    /**
     * Each trained service's {@code app.aot}, made from its last run's recording, all at once: what
     * {@code -XX:AOTCacheOutput} does as the JVM exits, with the same class path, heap and CPUs.
     */
    private void writeAotCaches() {
        Map<Service, Process> creating = new EnumMap<>(Service.class);
        for (Service service : trained) {
            Path app = quarkusApp(service);
            if (!Files.exists(aotConfiguration(service))) {
                continue;
            }
            List<String> command = onServiceCpus();
            command.addAll(List.of(javaBinary(), HEAP, "-XX:AOTMode=create",
                    "-XX:AOTConfiguration=" + aotConfiguration(service), "-XX:AOTCache=" + app.resolve("app.aot"),
                    "-cp", app.resolve("quarkus-run.jar").toString()));
            try {
                creating.put(service, new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logOf(service).toFile())).start());
            } catch (IOException e) {
                System.err.println("AOT cache of " + service.module + " not written: " + e);
            }
        }
        creating.forEach((service, process) -> {
            try {
                if (!process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    System.err.println("AOT cache of " + service.module + " not written within " + STOP_BOUND.toSeconds() + " s");
                }
                Files.deleteIfExists(aotConfiguration(service));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void startKeycloak() {
        try {
            Path log = Files.createDirectories(target.resolve("it-logs")).resolve("keycloak.log");
            keycloak = new ProcessBuilder("bash", root.resolve("tools/keycloak.sh").toString(), "run",
                    target.resolve("keycloak").toString(), String.valueOf(keycloakPort), frontendOrigin())
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first start unpacks and builds Keycloak: a minute or two on a slow machine, once per clean build. */
    private void awaitKeycloak() {
        URI metadata = URI.create(issuer() + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + KEYCLOAK_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!keycloak.isAlive()) {
                fail("Keycloak exited with " + keycloak.exitValue() + "; see target/it-logs/keycloak.log");
            }
            try {
                if (http.send(HttpRequest.newBuilder(metadata).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        fail("Keycloak was not ready within " + KEYCLOAK_TIMEOUT.toSeconds() + " s; see target/it-logs/keycloak.log");
    }

    private void awaitReady(Service service, Path log) {
        URI health = URI.create(managementUrl(service) + "/q/health/ready");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Process process = processes.get(service);
            if (!process.isAlive()) {
                processes.remove(service);
                fail(service.module + " exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        fail(service.module + " was not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }


    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
