package dev.brigade.it;

import static dev.brigade.it.Wire.management;
import static dev.brigade.it.Wire.request;
import static dev.brigade.it.Wire.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.brigade.it.RunningServices.Service;
import dev.brigade.it.Wire.Answer;

/**
 * /q/* (health, metrics, the OpenAPI document, Swagger UI) is served on each packaged service's management port and not
 * on its public one, the port a Kubernetes Service or a published container port exposes.
 */
class ManagementPortIT {

    private static final List<String> API_SERVICE_ENDPOINTS = List.of("/q/health/ready", "/q/health/live",
            "/q/metrics", "/q/openapi", "/q/swagger-ui/");

    @ParameterizedTest
    @EnumSource(value = Service.class, names = {"CATALOG", "ORDER", "WORKER"})
    void theServicesServeQOnTheirManagementPortOnly(Service service) {
        for (String path : API_SERVICE_ENDPOINTS) {
            Answer managed = send(management(service, path).GET().build());
            assertEquals(200, managed.status(), () -> service.module + " management " + path + ": " + managed);
            Answer published = send(request(service, path).GET().build());
            assertEquals(404, published.status(), () -> service.module + " public " + path + ": " + published);
            assertTrue(published.isProblem(), () -> "a problem body: " + published);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Service.class, names = "FRONTEND")
    void thePageServesItsHealthOnItsManagementPortOnly(Service service) {
        assertEquals(200, send(management(service, "/q/health/ready").GET().build()).status());
        assertEquals(404, send(request(service, "/q/health/ready").GET().build()).status());
    }
}
