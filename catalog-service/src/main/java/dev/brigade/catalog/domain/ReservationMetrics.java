package dev.brigade.catalog.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.brigade.catalog.store.ReservationRepository;
import dev.brigade.common.metrics.CachedReading;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;

/**
 * The reservations' metrics (README, "Observability"). The holds are the database's (each replica reports the same
 * figure), read at most once per {@code brigade.metrics.database-reading-max-age}; the expiries are those this
 * instance's sweep made.
 */
@ApplicationScoped
@Startup
public class ReservationMetrics {

    private final Counter expired;

    ReservationMetrics(MeterRegistry registry, ReservationRepository reservations, Clock clock,
                       @ConfigProperty(name = "brigade.metrics.database-reading-max-age") Duration readingMaxAge) {
        CachedReading<Long> holding = new CachedReading<>(readingMaxAge,
                () -> QuarkusTransaction.requiringNew().call(() -> reservations.holding(OffsetDateTime.now(clock))));
        Gauge.builder("brigade.reservations.active", holding, reading -> reading.gauge(Long::doubleValue))
                .description("Reservations holding stock for an order that has not confirmed them yet")
                .strongReference(true).register(registry);
        expired = Counter.builder("brigade.reservations.expired")
                .description("Reservations whose hold ran out before their order confirmed them; their stock is back")
                .register(registry);
    }

    void expired(int count) {
        expired.increment(count);
    }
}
