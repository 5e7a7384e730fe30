package dev.brigade.order.domain;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.common.problem.Problem;
import dev.brigade.common.problem.ProblemException;
import dev.brigade.order.client.CatalogBulkhead;
import dev.brigade.order.client.CatalogFailure;
import dev.brigade.order.client.CatalogStock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * How this instance's checkouts ended, {@code brigade_checkouts_total{outcome}} (README, "Observability"): every
 * outcome is there from start-up, so a dashboard can rate each one before it first happens.
 */
@ApplicationScoped
@Startup
public class CheckoutOutcomes {

    /** A checkout's outcome as an operator tells them apart; the label values are the lower-case names. */
    public enum Outcome {
        /** A new order was stored: 201. */
        CONFIRMED,
        /** The same Idempotency-Key and body again: the earlier order, 200. */
        REPLAYED,
        /** Not enough stock: 409 out-of-stock. */
        SOLD_OUT,
        /** Turned away before reaching catalog-service, the line to it was full or slow: 503 shop-busy. */
        SHED,
        /** catalog-service failed, timed out, answered wrongly, or its circuit breaker was open: 503 or 502. */
        CATALOG_UNAVAILABLE,
        /** The order itself was refused: an unknown product, mixed currencies, a key reused or given up (4xx). */
        REJECTED,
        /** The order could not be stored: 503. */
        FAILED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    CheckoutOutcomes(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder("brigade.checkouts").description("Checkouts by how they ended")
                    .tag("outcome", outcome.label()).register(registry));
        }
    }

    void count(Outcome outcome) {
        counters.get(outcome).increment();
    }

    /** The outcome a checkout that answered with this problem had. */
    static Outcome of(ProblemException problem) {
        Throwable cause = problem.getCause();
        if (cause instanceof CatalogBulkhead.CatalogBusy) {
            return Outcome.SHED;
        }
        if (cause instanceof CatalogFailure || cause instanceof CatalogStock.CatalogPaused || problem.status() == 502) {
            return Outcome.CATALOG_UNAVAILABLE;
        }
        if (problem.toProblem().type().equals(Problem.typeUri("out-of-stock"))) {
            return Outcome.SOLD_OUT;
        }
        return problem.status() >= 500 ? Outcome.FAILED : Outcome.REJECTED;
    }
}
