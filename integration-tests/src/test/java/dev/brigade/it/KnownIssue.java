package dev.brigade.it;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bugs the hostile-input tests found in the services and that are not fixed yet, each with the request that shows it
 * and the answer it gets. A test tolerates exactly that answer to exactly that case, by name, and nothing else; the
 * fuzzer fails when one of them no longer occurs, so that its expectation goes when the bug does.
 * {@code -Dbrigade.it.fixed=<id>,<id>} treats issues as fixed without editing this file: their cases are then held to
 * the rule like every other (and the destructive one runs).
 */
enum KnownIssue {

    /**
     * An {@code Accept} header that is not a media type ({@code garbage}, {@code json}, {@code /}, or empty) on the
     * operations whose methods return a JAX-RS {@code Response} without a {@code @Produces} ({@code POST
     * /api/products}, {@code PUT} and {@code GET /api/products/{id}}, {@code POST /api/products/{id}/stock},
     * {@code POST /api/reservations}, {@code POST /api/orders}) is answered {@code 500
     * internal-error}: RESTEasy Reactive's writer lookup throws {@code IllegalArgumentException: Failed to parse media
     * type garbage} after the resource method ran, so the product, reservation or order is made and the caller told
     * it failed. Operations that return an entity type answer the same header with a 406 problem.
     */
    UNPARSEABLE_ACCEPT_500("unparseable-accept-500"),

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
     * {@code GET /api/products/{id}} (anonymous) with an {@code If-Match} that names no current version, e.g.
     * {@code If-Match: "9999"} or {@code W/"1"}, is answered {@code 412} with no body: {@code ProductResource.get}
     * returns what {@code Request.evaluatePreconditions} built, which is not a problem.
     */
    GET_PRODUCT_IF_MATCH_412("get-product-if-match-412"),

    /**
     * {@code DELETE /api/reservations/{reservationId}} (as order-service) with an id over 64 characters, e.g. 3,000
     * {@code x}, is answered {@code 500}: releasing an unknown reservation stores a released one, and the insert fails
     * with {@code Value too long for column "id CHARACTER VARYING(64)"}. ({@code GET} and {@code confirm} answer 404.)
     */
    RELEASE_LONG_RESERVATION_ID_500("release-long-reservation-id-500"),

    /**
     * A chunked body (no {@code Content-Length}) over the body limit gets Vert.x's own {@code 413} with an empty body,
     * not the {@code body-too-large} problem that {@code BodySizeLimit} gives a declared length (its javadoc says so;
     * the README says every 4xx is a problem).
     */
    CHUNKED_BODY_413("chunked-body-413"),

    /**
     * Report jobs well inside the documented limits (32 MiB, a million tokens) break worker-service's H2 database on
     * its 256 MiB heap: one report of 32,673,919 bytes (33 orders with a 990,000-character name) is answered
     * {@code 500} and the store closes ({@code OutOfMemoryError: Capacity: 98021903} inside H2's MVStore); three
     * reports of 7,055,865 bytes (50,000 orders each) submitted one after the other corrupt the file ({@code File
     * corrupted in chunk 104}): readiness goes DOWN and the service does not start again. Two such reports grow
     * {@code worker.mv.db} to 647 MB. Destructive: its test runs only with {@code -Dbrigade.it.fixed=worker-report-h2-oom}.
     */
    WORKER_REPORT_H2_OOM("worker-report-h2-oom");

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
