package dev.brigade.deploy.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Points a service's {@code @QuarkusTest}s at a real PostgreSQL when the service was built with
 * {@code -Ppostgres}, and skips them, saying why, when there is none.
 *
 * <p>Which database, decided once per test JVM:
 * <ol>
 *   <li>the service was built for H2 (its filtered {@code application.properties} says
 *       {@code quarkus.datasource.db-kind=h2}): nothing to do, every test runs as usual;</li>
 *   <li>{@code TEST_POSTGRES_URL} (environment or system property) names a server, e.g.
 *       {@code jdbc:postgresql://127.0.0.1:5432/test}: the service's tests use it, in the service's own
 *       schema (the first of {@code quarkus.flyway.schemas}), which Flyway cleans and migrates at start, so
 *       every run begins from the migrations. User and password: {@code TEST_POSTGRES_USER} /
 *       {@code TEST_POSTGRES_PASSWORD}, else {@code DB_USER} / {@code DB_PASSWORD}, else {@code postgres} and
 *       no password;</li>
 *   <li>a Docker engine is reachable: a throw-away {@code postgres:16-alpine} container (Testcontainers),
 *       shared by the test classes of the JVM;</li>
 *   <li>neither: every {@code @QuarkusTest} class is skipped (reported as skipped, with the reason), plain
 *       unit tests still run.</li>
 * </ol>
 * The datasource settings are handed to Quarkus as system properties before it boots: a JUnit condition is
 * evaluated before the Quarkus extension starts the application.
 *
 * <p>Use in a service: this class on the test classpath and JUnit's extension auto-detection switched on
 * ({@code junit.jupiter.extensions.autodetection.enabled=true}: a system property of the test JVM, e.g. in Surefire's
 * {@code systemPropertyVariables} of the {@code postgres} profile or {@code -D} on the Maven command line, or a line in
 * {@code src/test/resources/junit-platform.properties}); {@code META-INF/services} registers it. Or, per class:
 * {@code @ExtendWith(PostgresTestDatabase.class)}.
 */
public class PostgresTestDatabase implements ExecutionCondition {

    static final String URL_VARIABLE = "TEST_POSTGRES_URL";
    static final String CONTAINER_IMAGE = "postgres:16-alpine";

    private static Decision decision;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent() || context.getTestClass().isEmpty()
                || !bootsQuarkus(context.getTestClass().get())) {
            return ConditionEvaluationResult.enabled("no Quarkus application to point at a database");
        }
        Decision decided = decide();
        decided.settings().forEach((key, value) -> {
            System.setProperty(key, value);
            System.setProperty("%test." + key, value);
        });
        return decided.enabled()
                ? ConditionEvaluationResult.enabled(decided.reason())
                : ConditionEvaluationResult.disabled(decided.reason());
    }

    static synchronized Decision decide() {
        if (decision == null) {
            decision = decide(applicationProperties(), System.getenv(), System.getProperties(),
                    PostgresTestDatabase::startContainer);
            // once per test JVM, in the build log too (a skipped test's reason is otherwise only in the reports)
            if (!decision.enabled() || !decision.settings().isEmpty()) {
                System.err.println("[brigade] " + decision.reason());
            }
        }
        return decision;
    }

    /** The decision without side effects on the JVM, so that it can be tested. */
    static Decision decide(Properties application, Map<String, String> environment, Properties system,
            ContainerStarter containers) {
        String dbKind = application.getProperty("quarkus.datasource.db-kind", "h2").trim();
        if (!"postgresql".equals(dbKind)) {
            return new Decision(true, "built for " + dbKind + ", not PostgreSQL", Map.of());
        }
        String schema = schemaOf(application);
        Optional<String> url = setting(URL_VARIABLE, environment, system);
        if (url.isPresent()) {
            String user = setting("TEST_POSTGRES_USER", environment, system)
                    .or(() -> setting("DB_USER", environment, system)).orElse("postgres");
            String password = setting("TEST_POSTGRES_PASSWORD", environment, system)
                    .or(() -> setting("DB_PASSWORD", environment, system)).orElse("");
            return new Decision(true, "PostgreSQL from " + URL_VARIABLE + " " + url.get() + ", schema " + schema,
                    settings(withSchema(url.get(), schema), user, password));
        }
        Optional<Database> started = containers.startIfDockerIsAvailable();
        if (started.isPresent()) {
            Database db = started.get();
            return new Decision(true, "PostgreSQL in a Testcontainers container (" + CONTAINER_IMAGE + "), schema " + schema,
                    settings(withSchema(db.jdbcUrl(), schema), db.user(), db.password()));
        }
        return new Decision(false, "Skipped: this service was built with -Ppostgres, but " + URL_VARIABLE
                + " is not set and no Docker engine is available for Testcontainers. Run with "
                + URL_VARIABLE + "=jdbc:postgresql://127.0.0.1:5432/test (user: TEST_POSTGRES_USER, else DB_USER, else postgres)"
                + " or start Docker.", Map.of());
    }

    static String withSchema(String jdbcUrl, String schema) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static String schemaOf(Properties application) {
        String schemas = application.getProperty("quarkus.flyway.schemas",
                application.getProperty("quarkus.hibernate-orm.database.default-schema", "public"));
        return schemas.split(",")[0].trim();
    }

    private static Map<String, String> settings(String url, String user, String password) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.datasource.jdbc.url", url);
        settings.put("quarkus.datasource.username", user);
        settings.put("quarkus.datasource.password", password);
        // every run starts from the migrations: rows left by an earlier run would change the results
        settings.put("quarkus.flyway.clean-at-start", "true");
        settings.put("quarkus.flyway.create-schemas", "true");
        return settings;
    }

    private static Optional<String> setting(String name, Map<String, String> environment, Properties system) {
        return Optional.ofNullable(system.getProperty(name)).or(() -> Optional.ofNullable(environment.get(name)))
                .filter(value -> !value.isBlank());
    }

    private static boolean bootsQuarkus(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getSuperclass()) {
            if (Arrays.stream(type.getAnnotations()).anyMatch(PostgresTestDatabase::isQuarkusTest)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isQuarkusTest(Annotation annotation) {
        String name = annotation.annotationType().getName();
        return name.equals("io.quarkus.test.junit.QuarkusTest")
                || Arrays.stream(annotation.annotationType().getAnnotations())
                        .anyMatch(meta -> meta.annotationType().getName().equals("io.quarkus.test.junit.QuarkusTest"));
    }

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream("application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties", e);
        }
        return properties;
    }

    @SuppressWarnings("resource") // lives as long as the test JVM; Testcontainers removes it afterwards
    private static Optional<Database> startContainer() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.empty();
        }
        PostgreSQLContainer container = new PostgreSQLContainer(CONTAINER_IMAGE);
        container.start();
        return Optional.of(new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword()));
    }

    record Decision(boolean enabled, String reason, Map<String, String> settings) {
    }

    record Database(String jdbcUrl, String user, String password) {
    }

    @FunctionalInterface
    interface ContainerStarter {
        Optional<Database> startIfDockerIsAvailable();
    }
}
