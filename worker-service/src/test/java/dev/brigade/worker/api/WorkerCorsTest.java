package dev.brigade.worker.api;

import java.util.Set;

import dev.brigade.testing.CorsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class WorkerCorsTest extends CorsContract {

    @Override
    protected String resourcePath() {
        return "/api/workers";
    }

    @Override
    protected Set<String> resourceMethods() {
        return Set.of("GET");
    }
}
