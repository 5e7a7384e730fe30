package dev.brigade.catalog.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code catalog.*} in application.properties. */
@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {

    Retention retention();

    Reservations reservations();

    interface Reservations {
        /** How long a reservation holds its stock unless its order confirms it (env CATALOG_RESERVATIONS_HOLD). */
        @WithDefault("PT15M")
        Duration hold();

        /** How often expired holds are looked for (a Quarkus scheduler interval). */
        @WithDefault("30s")
        String expiryEvery();
    }

    interface Retention {
        /** How long a released reservation (and a release that came first) is kept; then it is deleted. */
        @WithDefault("P30D")
        Duration releasedReservations();

        /** How often the deletion runs (a Quarkus scheduler interval). */
        @WithDefault("10m")
        String every();
    }
}
