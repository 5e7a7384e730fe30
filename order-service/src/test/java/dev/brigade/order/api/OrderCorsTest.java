package dev.brigade.order.api;

import java.util.Set;

import dev.brigade.order.standin.StandIns;
import dev.brigade.testing.CorsContract;
import dev.brigade.testing.Tokens.Who;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

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

    /** The orders list is a signed-in customer's. */
    @Override
    protected RequestSpecification request() {
        return Who.CUSTOMER_A.request();
    }
}
