package dev.brigade.common.time;

import java.time.OffsetDateTime;

import jakarta.persistence.EntityManager;

/**
 * Now by the database's clock: what leases that several replicas compare must use, since each JVM's own clock may be
 * off by seconds.
 */
public final class DatabaseTime {

    private DatabaseTime() {
    }

    public static OffsetDateTime now(EntityManager database) {
        return (OffsetDateTime) database.createNativeQuery("SELECT CURRENT_TIMESTAMP", OffsetDateTime.class)
                .getSingleResult();
    }
}
