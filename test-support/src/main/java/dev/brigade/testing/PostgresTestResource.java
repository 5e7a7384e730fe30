package dev.brigade.testing;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import com.github.dockerjava.api.exception.NotFoundException;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The PostgreSQL of a {@code -Ppostgres} test run (the build passes {@code brigade.db-kind} to the tests; on H2 this
 * does nothing). Where a container runtime answers ({@link ContainerRuntime}) every start of the application under
 * test, that is every family of test classes sharing one, gets a throw-away PostgreSQL container, empty, removed when
 * the family is done. Elsewhere the tests use {@code TEST_POSTGRES_URL} (default: the local server), which Flyway
 * empties at each start. One line of the log says which and why. The application reads the URL as
 * {@value #URL_PROPERTY} and appends its own schema.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = "brigade.test.postgres-url";
    /** The local stand-in deploy/podman/build-images.sh builds (Debian's postgresql), used where it exists. */
    static final String LOCAL_IMAGE = "localhost/brigade/postgres:debian";
    /** Elsewhere the public image, the one deploy/compose.yaml names. */
    static final String PUBLIC_IMAGE = "postgres:16-alpine";
    static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    /** How long a container may take to accept connections (PostgreSQLContainer's own default); seen: about 2 s. */
    static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(PostgresTestResource.class.getName());
    private static ContainerRuntime runtime;

    private PostgreSQLContainer container;

    @Override
    public Map<String, String> start() {
        if (!"postgresql".equals(System.getProperty("brigade.db-kind"))) {
            return Map.of();
        }
        ContainerRuntime found = runtime();
        if (found.host().isEmpty()) {
            String url = System.getenv().getOrDefault("TEST_POSTGRES_URL", LOCAL_SERVER);
            LOG.info(() -> "PostgreSQL for the tests: no container runtime (" + found.reason() + "): using " + url
                    + " (TEST_POSTGRES_URL or the local server), emptied by Flyway at start");
            return Map.of(URL_PROPERTY, url, "quarkus.flyway.clean-at-start", "true");
        }
        String image = image();
        long started = System.nanoTime();
        container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("test")
                .withUsername("brigade")
                .withPassword("brigade")
                // The official image's first-start server logs "ready" too, the stand-in's does not; neither listens
                // on TCP, so the port and one "ready" line mean the real server is up with either image.
                .waitingFor(new WaitAllStrategy()
                        .withStrategy(Wait.forListeningPort())
                        .withStrategy(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 1))
                        .withStartupTimeout(STARTUP_LIMIT));
        try {
            container.start();
        } catch (RuntimeException e) {
            container = null;
            throw new IllegalStateException("PostgreSQL for the tests: the container runtime at " + found.host().get()
                    + " answers, but a container of " + image + " did not start. Build the local stand-in"
                    + " (deploy/podman/build-images.sh postgres) or name an image in TEST_POSTGRES_IMAGE; where"
                    + " Testcontainers' Ryuk image cannot be pulled, set TESTCONTAINERS_RYUK_DISABLED=true", e);
        }
        String url = "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/test";
        LOG.info(() -> "PostgreSQL for the tests: a throw-away container of " + image + " at " + url + " (runtime "
                + found.host().get() + "), started in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        return Map.of(URL_PROPERTY, url,
                "quarkus.datasource.username", container.getUsername(),
                "quarkus.datasource.password", container.getPassword());
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    private static synchronized ContainerRuntime runtime() {
        if (runtime == null) {
            runtime = ContainerRuntime.find();
        }
        return runtime;
    }

    /** TEST_POSTGRES_IMAGE, else the local stand-in where the runtime has it, else the public image. */
    private static String image() {
        String chosen = System.getenv("TEST_POSTGRES_IMAGE");
        if (chosen != null && !chosen.isBlank()) {
            return chosen;
        }
        try {
            DockerClientFactory.instance().client().inspectImageCmd(LOCAL_IMAGE).exec();
            return LOCAL_IMAGE;
        } catch (NotFoundException e) {
            return PUBLIC_IMAGE;
        }
    }
}
