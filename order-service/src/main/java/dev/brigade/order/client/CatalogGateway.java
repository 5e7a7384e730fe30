package dev.brigade.order.client;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.faulttolerance.api.CircuitBreakerName;

/**
 * Calls to catalog-service with their fault tolerance. The calls are idempotent (a reservation and a confirmation on
 * their ids, a release by nature), so retrying a failed one is safe; a timed-out call is not retried, because a slow catalog
 * would only make the customer wait longer.
 *
 * <p>The circuit breakers count only catalog's own failures: {@link CatalogFailure} (a refused or broken connection,
 * a 5xx) and time-outs of calls that were sent. Answers that say no ({@link CatalogRefusal}) neither count nor are
 * retried. Reservations reach this class through {@link CatalogBulkhead}, so a burst of checkouts waits in line
 * before the timeout starts and never shows up here as a time-out. The timeouts and thresholds can be tuned with
 * MicroProfile Fault Tolerance properties, e.g. {@code dev.brigade.order.client.CatalogGateway/reserve/Timeout/value=3000}.
 */
@ApplicationScoped
public class CatalogGateway {

    public static final String RESERVE_BREAKER = "catalog-reserve";
    public static final String RELEASE_BREAKER = "catalog-release";
    public static final String CONFIRM_BREAKER = "catalog-confirm";
    /** How long an open breaker refuses calls before it lets a trial call through. */
    public static final long BREAKER_DELAY_MS = 5000;

    private final CatalogClient catalog;

    CatalogGateway(@RestClient CatalogClient catalog) {
        this.catalog = catalog;
    }

    // 5 s is for a hung catalog: with at most brigade.catalog.concurrency reservations in flight, one takes
    // milliseconds even during a flash sale on one slow core. A dead catalog fails at once (connection refused).
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = CatalogFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = BREAKER_DELAY_MS,
            failOn = {CatalogFailure.class, TimeoutException.class}, skipOn = CatalogRefusal.class)
    @CircuitBreakerName(RESERVE_BREAKER)
    public CatalogReservation reserve(String reservationId, Map<Long, Integer> quantities) {
        List<ReservationRequest.Line> lines = quantities.entrySet().stream()
                .map(line -> new ReservationRequest.Line(line.getKey(), line.getValue()))
                .toList();
        try (Response response = call(() -> catalog.reserve(new ReservationRequest(reservationId, lines)))) {
            int status = response.getStatus();
            if (status == 200 || status == 201) {
                return response.readEntity(CatalogReservation.class);
            }
            throw unexpected(response, "reserve stock");
        }
    }

    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = CatalogFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = BREAKER_DELAY_MS,
            failOn = {CatalogFailure.class, TimeoutException.class}, skipOn = CatalogRefusal.class)
    @CircuitBreakerName(RELEASE_BREAKER)
    public void release(String reservationId) {
        try (Response response = call(() -> catalog.release(reservationId))) {
            int status = response.getStatus();
            if (status / 100 != 2 && status != 404) {
                throw unexpected(response, "release reservation " + reservationId);
            }
        }
    }

    /** The orders are stored: catalog keeps their reservations' stock for them, and no longer lets the holds expire. */
    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = CatalogFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = BREAKER_DELAY_MS,
            failOn = {CatalogFailure.class, TimeoutException.class}, skipOn = CatalogRefusal.class)
    @CircuitBreakerName(CONFIRM_BREAKER)
    public CatalogConfirmations confirm(List<String> reservationIds) {
        try (Response response = call(() -> catalog.confirm(new ConfirmationRequest(reservationIds)))) {
            if (response.getStatus() == 200) {
                return response.readEntity(CatalogConfirmations.class);
            }
            throw unexpected(response, "confirm " + reservationIds.size() + " reservation(s)");
        }
    }

    private static Response call(java.util.function.Supplier<Response> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            boolean connected = !causedBy(e, ConnectException.class);
            throw new CatalogFailure("catalog-service could not be reached: " + e.getMessage(), connected, e);
        }
    }

    private static RuntimeException unexpected(Response response, String what) {
        int status = response.getStatus();
        JsonNode problem = readProblem(response);
        String detail = problem != null && problem.hasNonNull("detail") ? problem.get("detail").asText() : null;
        String type = problem != null && problem.hasNonNull("type") ? problem.get("type").asText() : null;
        if (Refusals.forGood(status)) {
            return new CatalogRefusal(CatalogRefusal.Reason.ofStatus(status), type,
                    detail != null ? detail : "catalog-service answered " + status);
        }
        return new CatalogFailure("catalog-service failed to " + what + ": HTTP " + status
                + (detail != null ? " (" + detail + ")" : ""), true, null);
    }

    private static JsonNode readProblem(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(JsonNode.class) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
