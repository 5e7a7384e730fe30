package dev.brigade.order.api;

import java.util.Set;

import dev.brigade.order.standin.StandIns;
import dev.brigade.testing.CorsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StandIns.class)
class OrderCorsTest extends CorsContract {

    @Override
    protected String resourcePath() {
        return "/api/orders";
    }

    @Override
    protected Set<String> resourceMethods() {
        return Set.of("GET", "POST");
    }
}
