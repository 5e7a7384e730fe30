package dev.brigade.worker.api;

import static dev.brigade.worker.api.JobsApi.awaitStatus;
import static dev.brigade.worker.api.JobsApi.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /api/jobs/{id}/events} read by a real HTTP client with a bearer token, as the page's fetch() reader does. */
@Tag("sql")
@QuarkusTest
class JobEventsTest {

    /** The page reads the stream with fetch() and its bearer token: EventSource cannot send one. */
    private static final String STAFF_BEARER = "Bearer " + Tokens.token(Tokens.Who.STAFF);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/jobs/")
    URL jobs;

    record Event(String name, JsonNode job) {
    }

    @Test
    void aSubscriberSeesTheProgressThenSucceededAndTheStreamEnds() throws Exception {
        String id = submit("{\"type\":\"sleep\",\"payload\":{\"millis\":1500,\"steps\":5}}").then().statusCode(202)
                .extract().path("id");

        List<Event> events = readStream(id, "http://localhost:8000").get(30, TimeUnit.SECONDS);

        assertEquals("state", events.get(0).name(), "starts with the current state: " + events);
        Event last = events.get(events.size() - 1);
        assertEquals("state", last.name());
        assertEquals("SUCCEEDED", last.job().path("status").asText());
        assertEquals(100, last.job().path("progress").asInt());
        List<Integer> progress = events.stream().filter(e -> e.name().equals("progress"))
                .map(e -> e.job().path("progress").asInt()).toList();
        assertTrue(progress.containsAll(List.of(20, 40, 60, 80, 100)), "each step's progress: " + events);
        assertEquals(progress.stream().sorted().toList(), progress, "progress never goes back");
        events.forEach(e -> assertEquals(id, e.job().path("id").asText()));
    }

    @Test
    void streamsBeyondTheLimitAreTurnedAwayWithRetryAfter() throws Exception {
        String id = submit("{\"type\":\"sleep\",\"payload\":{\"millis\":3000,\"steps\":3}}").then().statusCode(202)
                .extract().path("id");
        List<CompletableFuture<HttpResponse<java.util.stream.Stream<String>>>> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // %test.worker.events.max-streams-per-job=3
            HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(eventsRequest(id),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            open.add(CompletableFuture.completedFuture(response));
        }
        HttpResponse<String> refused = HTTP.send(eventsRequest(id), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(refused.body().contains("too-many-streams"), refused.body());
        assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
        for (CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream : open) {
            stream.get().body().close();
        }
        awaitStatus(id, "SUCCEEDED");
    }

    private HttpRequest eventsRequest(String id) {
        return HttpRequest.newBuilder(URI.create(jobs + id + "/events")).header("Accept", "text/event-stream").header("Authorization", STAFF_BEARER).build();
    }

    @Test
    void aLateSubscriberGetsTheFinalStateAndTheStreamEndsAtOnce() throws Exception {
        String id = submit("{\"type\":\"echo\",\"payload\":{\"late\":true}}").then().statusCode(202).extract().path("id");
        awaitStatus(id, "SUCCEEDED");

        List<Event> events = readStream(id, "http://localhost:8000").get(5, TimeUnit.SECONDS);

        assertEquals(1, events.size(), events.toString());
        assertEquals("SUCCEEDED", events.get(0).job().path("status").asText());
    }

    @Test
    void theStreamIsOpenToTheShopPageOrigin() throws Exception {
        String id = submit("{\"type\":\"echo\",\"payload\":{}}").then().statusCode(202).extract().path("id");
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(jobs + id + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", STAFF_BEARER).header("Origin", "http://localhost:8000").build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertEquals("http://localhost:8000", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertFalse(response.headers().firstValue("Access-Control-Allow-Credentials").map(Boolean::parseBoolean)
                .orElse(false));
    }

    /** Reads the whole stream (it ends after the final state) and parses its events. */
    private CompletableFuture<List<Event>> readStream(String id, String origin) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(jobs + id + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", STAFF_BEARER).header("Origin", origin).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
            assertEquals(200, response.statusCode());
            List<Event> events = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = "message";
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && !data.isEmpty()) {
                        events.add(new Event(name, JSON.readTree(data.toString())));
                        name = "message";
                        data.setLength(0);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return events;
        });
    }
}
