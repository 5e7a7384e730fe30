package dev.brigade.order.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "brigade")
public interface OrderConfig {

    Worker worker();

    Catalog catalog();

    Outbox outbox();

    interface Worker {
        /** Where a browser reaches worker-service; the base of each order's {@code invoiceJobUrl}. */
        @WithName("public-url")
        String publicUrl();
    }

    interface Catalog {
        /** How long after a reservation that timed out its stock is released, unless the order got stored. */
        @WithName("release-orphan-after")
        Duration releaseOrphanAfter();
    }

    interface Outbox {
        @WithName("first-retry")
        Duration firstRetry();

        @WithName("max-retry")
        Duration maxRetry();

        @WithName("batch-size")
        int batchSize();
    }
}
