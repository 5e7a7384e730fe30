package dev.brigade.worker.api;

import dev.brigade.testing.OpenApiContract;
import io.quarkus.test.junit.QuarkusTest;

/** The service's OpenAPI document, as a client generator reads it (see {@link OpenApiContract}). */
@QuarkusTest
class WorkerOpenApiTest implements OpenApiContract {
}
