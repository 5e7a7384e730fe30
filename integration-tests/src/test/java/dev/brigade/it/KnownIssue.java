package dev.brigade.it;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bugs the hostile-input tests found in the services and that are not fixed yet, each with the request that shows it
 * and the answer it gets. A test tolerates exactly that answer to exactly that case, by name, and nothing else; the
 * fuzzer fails when one of them no longer occurs, so that its expectation goes when the bug does.
 * {@code -Dbrigade.it.fixed=<id>,<id>} treats issues as fixed without editing this file: their cases are then held to
 * the rule like every other.
 * <p>
 * The first three are answered by Vert.x's HTTP decoder before the request reaches any route, filter or mapper a
 * Quarkus application can register; Vert.x has a hook for them ({@code HttpServer.invalidRequestHandler}) that Quarkus
 * does not expose (quarkusio/quarkus#55082, open). A proxy in front (an Ingress) can rewrite them meanwhile.
 */
enum KnownIssue {

    /**
     * Request headers over {@code quarkus.http.limits.max-header-size} (20 KiB), e.g. an {@code If-Match} of 21,000
     * characters, are answered by Vert.x before any filter: {@code 431} with {@code content-length: 0}, no
     * {@code Content-Type}, not a problem; and the connection is then closed without {@code Connection: close}, so a
     * client that keeps connections (java.net.http does) fails its next request on it.
     */
    OVERSIZED_HEADERS_431("oversized-headers-431"),

    /**
     * A request line over Vert.x's 4096 bytes (a query parameter of 5,000 characters) is answered {@code 414} with no
     * body and no {@code Content-Type}, not a problem.
     */
    OVERSIZED_URI_414("oversized-uri-414"),

    /**
     * A request whose head Vert.x's HTTP decoder refuses, e.g. {@code GET /api/products?q=%zz} or {@code /api/orders/%}
     * (a percent sign not followed by two hex digits) or a header holding a NUL ({@code Idempotency-Key: a\0b}), is
     * answered {@code 400} with no body and no {@code Content-Type}, not a problem.
     */
    MALFORMED_REQUEST_400("malformed-request-400"),

    /**
     * A chunked body (no {@code Content-Length}) over the body limit gets Vert.x's own {@code 413} with an empty body,
     * not the {@code body-too-large} problem that {@code BodySizeLimit} gives a declared length (its javadoc says so;
     * the README says every 4xx is a problem).
     */
    CHUNKED_BODY_413("chunked-body-413");

    private static final Set<String> MARKED_FIXED = Arrays.stream(System.getProperty("brigade.it.fixed", "").split(","))
            .map(String::trim).filter(id -> !id.isEmpty()).collect(Collectors.toUnmodifiableSet());

    final String id;

    KnownIssue(String id) {
        this.id = id;
    }

    /** Still expected: not marked fixed with {@code -Dbrigade.it.fixed}. */
    boolean open() {
        return !MARKED_FIXED.contains(id);
    }

    @Override
    public String toString() {
        return "KnownIssue." + name() + " (" + id + ")";
    }
}
