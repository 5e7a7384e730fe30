package dev.brigade.testing;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Requests to the running test's management interface, where /q/health, /q/metrics and /q/openapi live. */
public final class ManagementPort {

    /** Quarkus's default management port in tests. */
    private static final int DEFAULT_TEST_PORT = 9001;

    private ManagementPort() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().port(ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.test-port", Integer.class).orElse(DEFAULT_TEST_PORT));
    }
}
