package dev.brigade.catalog;

import dev.brigade.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * In a {@code -Ppostgres} build, every start of the service under test gets its own PostgreSQL (test-support's
 * {@link PostgresTestResource}: a throw-away container, or the local server where no container runtime answers). The
 * resource is global, as the annotation is not restricted to this class; on H2 it does nothing.
 */
@QuarkusTestResource(PostgresTestResource.class)
public final class TestDatabase {

    private TestDatabase() {
    }
}
