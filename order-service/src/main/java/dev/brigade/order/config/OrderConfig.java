package dev.brigade.order.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** The settings of order-service under {@code brigade.*} (see application.properties). */
public final class OrderConfig {

    private OrderConfig() {
    }

    @ConfigMapping(prefix = "brigade.worker")
    public interface Worker {
        /** Where a browser reaches worker-service; the base of each order's {@code invoiceJobUrl}. */
        @WithName("public-url")
        String publicUrl();
    }

    @ConfigMapping(prefix = "brigade.catalog")
    public interface Catalog {
        /** How long after a reservation that timed out its stock is released, unless the order got stored. */
        @WithName("release-orphan-after")
        Duration releaseOrphanAfter();
    }

    @ConfigMapping(prefix = "brigade.outbox")
    public interface Outbox {
        /** How often the relay looks for due messages (it is also nudged after each commit). */
        @WithName("poll-interval")
        String pollInterval();

        @WithName("first-retry")
        Duration firstRetry();

        @WithName("max-retry")
        Duration maxRetry();

        @WithName("batch-size")
        int batchSize();
    }
}
