package dev.brigade.common.time;

import java.time.OffsetDateTime;

import jakarta.persistence.EntityManager;

/**
 * Now by the database's clock: what leases that several replicas compare must use, since each JVM's own clock may be
 * off by seconds.
 * <p>
 * An HQL query, not a native one: Hibernate 7 caches a native query typed with a result class under a key that never
 * equals the next call's, so every call added an entry to its query plan cache, all with one hash, and each lookup
 * compared against all of them (up to 2,048): 14 % of worker-service's CPU per job (bench/README.md, 2026-12-07).
 */
public final class DatabaseTime {

    private DatabaseTime() {
    }

    public static OffsetDateTime now(EntityManager database) {
        return database.createQuery("select offset datetime", OffsetDateTime.class).getSingleResult();
    }
}
