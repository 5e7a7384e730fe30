package dev.brigade.order.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.order.standin.StandIns;
import dev.brigade.testing.PackagedService;
import dev.brigade.testing.Tokens.Who;

/**
 * H2 writes commits to its file in the background (WRITE_DELAY); an order and a cancellation are written before their
 * answers all the same. The packaged service (catalog-service and worker-service its stand-ins) is killed
 * ({@code kill -9}) right after its last answer, well inside the write delay, and after a restart on the same database
 * every order it answered is there, as it was answered.
 */
class OrderRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ORDERS = 9;

    @TempDir
    Path workDir;
    private PackagedService service;
    private final StandIns standIns = new StandIns();

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.kill();
        }
        standIns.stop();
    }

    @Test
    void everyOrderAnsweredJustBeforeAKillIsStillThereAfterTheRestart() throws Exception {
        Path app = PackagedService.app("order.app.dir");
        Map<String, String> urls = standIns.start();
        service = new PackagedService(app, workDir, Map.of(
                "CATALOG_URL", urls.get("quarkus.rest-client.catalog.url"),
                "WORKER_URL", urls.get("quarkus.rest-client.worker.url"),
                "ORDER_SERVICE_CLIENT_SECRET", "secret"));
        service.start();
        service.awaitReady(Duration.ofSeconds(90));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String id = answer(201, "POST", "/api/orders",
                    "{\"lines\":[{\"productId\":" + (300 + i) + ",\"quantity\":1}]}").path("id").asText();
            ids.add(id);
            if (i % 3 == 2) {
                assertEquals("CANCELLED", answer(200, "POST", "/api/orders/" + id + "/cancel", null)
                        .path("status").asText());
            }
        }

        service.killAndRestart(Duration.ofSeconds(90));   // at once: well inside H2's write delay

        for (int i = 0; i < ORDERS; i++) {
            assertEquals(i % 3 == 2 ? "CANCELLED" : "CONFIRMED",
                    answer(200, "GET", "/api/orders/" + ids.get(i), null).path("status").asText(), "order " + i);
        }
    }

    private JsonNode answer(int status, String method, String path, String json) throws Exception {
        HttpResponse<String> response = service.send(method, path, Who.CUSTOMER_A, json);
        assertEquals(status, response.statusCode(), () -> method + " " + path + ": " + response.body() + "\n" + service.log());
        return JSON.readTree(response.body());
    }
}
