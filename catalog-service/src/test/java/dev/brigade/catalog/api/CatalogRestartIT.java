package dev.brigade.catalog.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.testing.PackagedService;
import dev.brigade.testing.Tokens.Who;

/**
 * H2 writes commits to its file in the background (WRITE_DELAY); what catalog-service answered is written before the
 * answer all the same. The packaged service is killed ({@code kill -9}) right after its last answer, well inside the
 * write delay, and after a restart on the same database every product, reservation, confirmation and release it
 * answered is there, and the stock adds up.
 */
class CatalogRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RESERVATIONS = 12;

    @TempDir
    Path workDir;
    private PackagedService service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.kill();
        }
    }

    @Test
    void everythingAnsweredJustBeforeAKillIsStillThereAfterTheRestart() throws Exception {
        service = new PackagedService(PackagedService.app("catalog.app.dir"), workDir, Map.of());
        service.start();
        service.awaitReady(Duration.ofSeconds(90));

        JsonNode product = answer(201, "POST", "/api/products", Who.STAFF, """
                {"name":"Kill-proof kettle","description":"survives","category":"kitchen","priceCents":2500,
                 "currency":"EUR","stock":100}""");
        long id = product.path("id").asLong();
        for (int i = 0; i < RESERVATIONS; i++) {
            answer(201, "POST", "/api/reservations", Who.ORDER_SERVICE,
                    "{\"reservationId\":\"restart-" + i + "\",\"lines\":[{\"productId\":" + id + ",\"quantity\":2}]}");
            if (i % 3 == 1) {
                answer(200, "POST", "/api/reservations/confirmations", Who.ORDER_SERVICE,
                        "{\"reservationIds\":[\"restart-" + i + "\"]}");
            } else if (i % 3 == 2) {
                answer(204, "DELETE", "/api/reservations/restart-" + i, Who.ORDER_SERVICE, null);
            }
        }
        answer(200, "POST", "/api/products/" + id + "/stock", Who.STAFF, "{\"change\":7}");

        service.killAndRestart(Duration.ofSeconds(90));   // at once: well inside H2's write delay

        for (int i = 0; i < RESERVATIONS; i++) {
            String expected = i % 3 == 0 ? "ACTIVE" : i % 3 == 1 ? "CONFIRMED" : "RELEASED";
            assertEquals(expected, answer(200, "GET", "/api/reservations/restart-" + i, Who.ORDER_SERVICE, null)
                    .path("status").asText(), "reservation restart-" + i);
        }
        int held = 2 * (RESERVATIONS - RESERVATIONS / 3);
        assertEquals(100 + 7 - held, answer(200, "GET", "/api/products/" + id, Who.STAFF, null).path("stock").asInt(),
                "the stock: 100, 7 added, " + held + " held by the reservations not released");
    }

    private JsonNode answer(int status, String method, String path, Who caller, String json) throws Exception {
        HttpResponse<String> response = service.send(method, path, caller, json);
        assertEquals(status, response.statusCode(), () -> method + " " + path + ": " + response.body());
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
