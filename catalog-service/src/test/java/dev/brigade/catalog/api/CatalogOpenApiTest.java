package dev.brigade.catalog.api;

import dev.brigade.testing.OpenApiContract;
import io.quarkus.test.junit.QuarkusTest;

/** The service's OpenAPI document, as a client generator reads it (see {@link OpenApiContract}). */
@QuarkusTest
class CatalogOpenApiTest implements OpenApiContract {
}
