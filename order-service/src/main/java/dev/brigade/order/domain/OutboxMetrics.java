package dev.brigade.order.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.brigade.common.metrics.CachedReading;
import dev.brigade.order.store.OutboxRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;

/**
 * The outbox's metrics (README, "Observability"). The backlog is the database's (every replica relays from the one
 * table, so each reports the same figure), read at most once per {@code brigade.metrics.database-reading-max-age};
 * the deliveries and failures are this instance's relay's.
 */
@ApplicationScoped
@Startup
public class OutboxMetrics {

    private final Counter delivered;
    private final Counter failed;
    private final Counter givenUp;

    OutboxMetrics(MeterRegistry registry, OutboxRepository outbox, Clock clock,
                  @ConfigProperty(name = "brigade.metrics.database-reading-max-age") Duration readingMaxAge) {
        CachedReading<OutboxRepository.Backlog> backlog = new CachedReading<>(readingMaxAge,
                () -> QuarkusTransaction.requiringNew().call(outbox::backlog));
        Gauge.builder("brigade.outbox.pending", backlog, reading -> reading.gauge(OutboxRepository.Backlog::pending))
                .description("Outbox messages waiting for delivery (not given up)").strongReference(true).register(registry);
        Gauge.builder("brigade.outbox.oldest.age", backlog, reading -> reading.gauge(b -> b.oldestCreatedAt() == null ? 0
                        : Duration.between(b.oldestCreatedAt(), OffsetDateTime.now(clock)).toMillis() / 1000.0))
                .description("How long the oldest message waiting for delivery has waited; 0 when none waits")
                .baseUnit("seconds").strongReference(true).register(registry);
        delivered = Counter.builder("brigade.outbox.delivered").description("Outbox messages delivered")
                .register(registry);
        failed = Counter.builder("brigade.outbox.failed")
                .description("Delivery attempts that failed (each is retried later, or the message is given up)")
                .register(registry);
        givenUp = Counter.builder("brigade.outbox.given.up")
                .description("Outbox messages given up: refused for good by their receiver, or out of attempts")
                .register(registry);
    }

    void delivered() {
        delivered(1);
    }

    void delivered(int messages) {
        delivered.increment(messages);
    }

    /** A failed attempt; {@code gaveUp} when it was the message's last. */
    void failed(boolean gaveUp) {
        failed.increment();
        if (gaveUp) {
            givenUp.increment();
        }
    }
}
