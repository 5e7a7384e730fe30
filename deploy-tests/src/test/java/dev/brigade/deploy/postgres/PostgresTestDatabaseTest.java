package dev.brigade.deploy.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.brigade.deploy.postgres.PostgresTestDatabase.Database;
import dev.brigade.deploy.postgres.PostgresTestDatabase.Decision;

class PostgresTestDatabaseTest {

    static final PostgresTestDatabase.ContainerStarter NO_DOCKER = Optional::empty;

    @Test
    void anH2BuildRunsItsTestsAsUsual() {
        Decision decision = PostgresTestDatabase.decide(application("h2"), Map.of(), new Properties(),
                () -> fail("no container for an H2 build"));
        assertTrue(decision.enabled());
        assertTrue(decision.settings().isEmpty());
    }

    @Test
    void testPostgresUrlPointsTheServiceAtItsOwnSchemaAndStartsFromTheMigrations() {
        Decision decision = PostgresTestDatabase.decide(application("postgresql"),
                Map.of("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test", "DB_USER", "root"),
                new Properties(), () -> fail("TEST_POSTGRES_URL wins over Docker"));
        assertTrue(decision.enabled());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=orders",
                decision.settings().get("quarkus.datasource.jdbc.url"));
        assertEquals("root", decision.settings().get("quarkus.datasource.username"));
        assertEquals("true", decision.settings().get("quarkus.flyway.clean-at-start"));
    }

    @Test
    void aUrlWithParametersKeepsThem() {
        assertEquals("jdbc:postgresql://h/db?ssl=false&currentSchema=worker",
                PostgresTestDatabase.withSchema("jdbc:postgresql://h/db?ssl=false", "worker"));
    }

    @Test
    void withDockerATestcontainersDatabaseIsUsed() {
        Decision decision = PostgresTestDatabase.decide(application("postgresql"), Map.of(), new Properties(),
                () -> Optional.of(new Database("jdbc:postgresql://localhost:32768/test", "test", "secret")));
        assertTrue(decision.enabled());
        assertEquals("jdbc:postgresql://localhost:32768/test?currentSchema=orders",
                decision.settings().get("quarkus.datasource.jdbc.url"));
        assertEquals("secret", decision.settings().get("quarkus.datasource.password"));
    }

    @Test
    void withNeitherTheTestsAreSkippedAndSayWhy() {
        Decision decision = PostgresTestDatabase.decide(application("postgresql"), Map.of(), new Properties(), NO_DOCKER);
        assertFalse(decision.enabled());
        assertTrue(decision.reason().contains("TEST_POSTGRES_URL"), decision.reason());
        assertTrue(decision.reason().contains("Docker"), decision.reason());
    }

    private static Properties application(String dbKind) {
        Properties p = new Properties();
        p.setProperty("quarkus.datasource.db-kind", dbKind);
        p.setProperty("quarkus.flyway.schemas", "orders");
        return p;
    }
}
