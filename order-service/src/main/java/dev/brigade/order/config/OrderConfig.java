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
        /** Reservations of this replica in flight at catalog-service at once. */
        int concurrency();

        /** Checkouts that may wait for a turn; one more is answered 503 with {@link #retryAfter()} at once. */
        @WithName("queue-size")
        int queueSize();

        /** The longest a checkout waits for its turn before it is answered 503 with {@link #retryAfter()}. */
        @WithName("queue-wait")
        Duration queueWait();

        /** What a busy answer asks the client to wait before it sends the same checkout again. */
        @WithName("retry-after")
        Duration retryAfter();
    }

    @ConfigMapping(prefix = "brigade.outbox")
    public interface Outbox {
        /** How often the relay looks for due messages (it is also nudged after each commit). */
        @WithName("poll-interval")
        String pollInterval();

        @WithName("first-retry")
        Duration firstRetry();

        /** How long a delivered message is kept; then it is deleted (given-up messages stay). */
        @WithName("keep-delivered")
        Duration keepDelivered();

        /** How often the deletion runs (a Quarkus scheduler interval). */
        @WithName("retention-every")
        String retentionEvery();

        /** Attempts after which a message is given up (FAILED), however it failed. */
        @WithName("max-attempts")
        int maxAttempts();

        @WithName("max-retry")
        Duration maxRetry();

        @WithName("batch-size")
        int batchSize();

        /** While the shop is busy, how long the invoice lane waits for more checkouts to share its next request. */
        @WithName("invoice-linger")
        Duration invoiceLinger();

        /** Batches of invoice jobs of one pass sent at the same time, each on its own thread (one pass rarely has more). */
        @WithName("parallel-deliveries")
        int parallelDeliveries();
    }

    @ConfigMapping(prefix = "brigade.readiness")
    public interface Readiness {
        /** The longest readiness waits for the token and the clients to be warm (ClientWarmUp); then it is UP anyway. */
        @WithName("warm-up-limit")
        Duration warmUpLimit();
    }
}
