package dev.brigade.order.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * catalog-service's stock as the order domain sees it: a reservation made, or one of the client's failures
 * ({@link CatalogBulkhead.CatalogBusy}, {@link CatalogRefusal}, {@link CatalogFailure}, {@link CatalogPaused}).
 * Fault tolerance's own exceptions and HTTP end here, so the domain knows neither.
 */
@ApplicationScoped
public class CatalogStock {

    private final CatalogBulkhead line;
    private final CatalogGateway gateway;

    CatalogStock(CatalogBulkhead line, CatalogGateway gateway) {
        this.line = line;
        this.gateway = gateway;
    }

    /** Reserves every line or none, waiting its turn in the line in front of catalog. */
    public CatalogReservation reserve(String reservationId, Map<Long, Integer> quantities) {
        return translated(() -> line.call(() -> gateway.reserve(reservationId, quantities)));
    }

    /** Returns a reservation's stock; releasing twice, or an unknown reservation, is fine. */
    public void release(String reservationId) {
        translated(() -> {
            gateway.release(reservationId);
            return null;
        });
    }

    /** Tells catalog these orders are stored, so their reservations' holds no longer expire; again is fine. */
    public CatalogConfirmations confirm(List<String> reservationIds) {
        return translated(() -> gateway.confirm(reservationIds));
    }

    private static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (TimeoutException timeout) {
            throw CatalogFailure.timedOut(timeout);
        } catch (CircuitBreakerOpenException open) {
            throw new CatalogPaused(Duration.ofMillis(CatalogGateway.BREAKER_DELAY_MS), open);
        }
    }

    /** The circuit breaker is open: catalog has been failing, and calls are refused for a while without trying. */
    public static class CatalogPaused extends RuntimeException {

        private final Duration retryAfter;

        CatalogPaused(Duration retryAfter, Throwable cause) {
            super("catalog-service has been failing; calls are paused for " + retryAfter.toSeconds() + " s", cause);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
