package dev.brigade.worker.api;

import java.util.Set;

import dev.brigade.testing.CorsContract;
import dev.brigade.testing.Tokens.Who;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

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

    /** The kitchen view is staff's. */
    @Override
    protected RequestSpecification request() {
        return Who.STAFF.request();
    }
}
