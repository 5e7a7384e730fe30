package dev.brigade.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.it.RunningServices.Service;

/**
 * Requests as they go over the wire, for the hostile-input tests: {@link java.net.http.HttpClient} (HTTP/1.1, every
 * request bounded by {@link #TIMEOUT}), and a plain socket for what that client refuses to send (a header with a NUL
 * or a non-Latin-1 byte) or for a body whose declared length is the point. Every answer is read whole, whatever its
 * status, and the problem body (RFC 9457) of a 4xx/5xx can be checked in one call.
 */
final class Wire {

    /** No request may take longer than this: a service that does not answer within it hangs. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String PROBLEM = "application/problem+json";
    static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Wire() {
    }

    /** An answer: status, headers (names lower-case) and the whole body. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }

        String contentType() {
            return header("content-type").orElse("");
        }

        boolean isProblem() {
            return contentType().toLowerCase(Locale.ROOT).startsWith(PROBLEM);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return body.length == 0 ? null : JSON.readTree(body);
            } catch (IOException notJson) {
                return null;
            }
        }

        @Override
        public String toString() {
            return status + " " + (contentType().isEmpty() ? "(no Content-Type)" : contentType())
                    + header("retry-after").map(wait -> " Retry-After: " + wait).orElse("")
                    + " " + abbreviate(text(), 400);
        }
    }

    static String url(Service service) {
        return RunningServices.get().url(service);
    }

    /** A request to the service's management port: /q/health, /q/metrics, /q/openapi. */
    static HttpRequest.Builder management(Service service, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(RunningServices.get().managementUrl(service) + pathAndQuery))
                .timeout(TIMEOUT);
    }

    static HttpRequest.Builder request(Service service, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(url(service) + pathAndQuery)).timeout(TIMEOUT);
    }

    static HttpRequest.Builder request(Service service, String pathAndQuery, String token) {
        HttpRequest.Builder builder = request(service, pathAndQuery);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    static HttpRequest.BodyPublisher json(String text) {
        return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
    }

    /** Submits a job to worker-service as the token's caller. */
    static Answer postJob(String token, String body) {
        return send(request(Service.WORKER, "/api/jobs", token).header("Content-Type", "application/json")
                .POST(json(body)).build());
    }

    /** The {@code total} of a page of a list endpoint ({@code ?size=1} is enough), read as the token's caller. */
    static long total(Service service, String pathAndQuery, String token) {
        Answer page = send(request(service, pathAndQuery, token).GET().build());
        assertEquals(200, page.status(), page::toString);
        return page.json().path("total").asLong();
    }

    /** Sends the request and reads the whole answer; a request that takes longer than {@link #TIMEOUT} fails the test. */
    static Answer send(HttpRequest request) {
        try {
            return exchange(request);
        } catch (HttpTimeoutException e) {
            return fail(request.method() + " " + request.uri() + " got no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #send}, but leaves the timeout or the broken connection to the caller. */
    static Answer exchange(HttpRequest request) throws IOException {
        try {
            HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            return new Answer(response.statusCode(), headers, response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Streams the answer (an event stream): the status and headers are there when this returns, the body follows. */
    static HttpResponse<InputStream> open(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            return fail(request.method() + " " + request.uri() + " got no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Something that writes a request body to the socket, possibly far more than the service will read. */
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * One request on a plain socket: {@code head} is the request line and headers exactly as bytes (without the
     * empty line that ends them; {@code Host} and {@code Connection: close} are added), {@code body} is written by
     * another thread while this one reads the answer, so a service that answers before it has read the body (a 413
     * on the declared length) is heard even if it then closes the connection on the rest. Bounded by
     * {@link #TIMEOUT}.
     */
    static Answer raw(Service service, byte[] head, BodyWriter body) throws IOException {
        URI base = URI.create(url(service));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(head);
            request.write(("\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(request.toByteArray());
            out.flush();
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    if (body != null) {
                        body.writeTo(out);
                        out.flush();
                    }
                } catch (IOException e) {
                    writeFailure.set(e); // the service stopped reading: expected once it has answered
                }
            });
            try {
                return readAnswer(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                return fail("No answer within " + TIMEOUT.toSeconds() + " s to " + abbreviate(
                        new String(head, StandardCharsets.ISO_8859_1), 300));
            } finally {
                socket.close();
                try {
                    writer.join(TIMEOUT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static Answer readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) { // the empty line that ends the headers
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a whole answer: " + headBytes);
            }
            headBytes.write(b);
            last4 = (last4 << 8) | b;
        }
        String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        name -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body;
        List<String> length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.getFirst()));
        } else {
            body = in.readAllBytes(); // Connection: close ends it
        }
        return new Answer(status, headers, body);
    }

    /**
     * Checks that the answer is a problem (RFC 9457) with this status and type ({@code urn:brigade:problem:<slug>})
     * and returns its body.
     */
    static JsonNode assertProblem(Answer answer, int status, String slug) {
        assertEquals(status, answer.status(), () -> "status of " + answer);
        JsonNode problem = assertProblemBody(answer);
        assertEquals("urn:brigade:problem:" + slug, problem.path("type").asText(), () -> "problem type of " + answer);
        return problem;
    }

    /** Any problem body: {@code application/problem+json}, and its {@code status} the HTTP status. */
    static JsonNode assertProblemBody(Answer answer) {
        assertTrue(answer.isProblem(), () -> "a problem body (" + PROBLEM + ") in " + answer);
        JsonNode problem = answer.json();
        assertNotNull(problem, () -> "a JSON problem body in " + answer);
        assertEquals(answer.status(), problem.path("status").asInt(), () -> "the problem's status in " + answer);
        assertTrue(problem.path("type").isTextual(), () -> "a problem type in " + answer);
        return problem;
    }

    /** The readiness of every service the suite runs (the page aside): each answers 200. */
    static void assertReady(Service... services) {
        for (Service service : services) {
            Answer ready = send(management(service, "/q/health/ready").build());
            assertEquals(200, ready.status(), () -> service.module + " is not ready: " + ready);
        }
    }

    static String abbreviate(String text, int max) {
        String flat = text.replace("\r", "\\r").replace("\n", "\\n");
        return flat.length() <= max ? flat : flat.substring(0, max) + "... (" + flat.length() + " chars)";
    }
}
