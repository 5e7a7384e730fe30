package dev.brigade.common.retention;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.IntSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import dev.brigade.common.time.DatabaseTime;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs a periodic clean-up on one replica at a time: each run first takes a lease on the task's row of
 * {@code cluster_lock} (each service's migration makes the table) with one conditional {@code UPDATE}, so of the
 * replicas whose schedules fire together one runs it and the others skip that round. The lease uses the
 * database's clock, and it ends by itself after {@code hold} if its replica dies mid-run.
 */
@ApplicationScoped
public class OneReplicaAtATime {

    private final EntityManager database;
    /** This replica, as the lock rows name it. */
    private final String replica = UUID.randomUUID().toString();

    OneReplicaAtATime(EntityManager database) {
        this.database = database;
    }

    /** Runs {@code task} if no other replica runs it now; its result, or 0 when it was another replica's turn. */
    public int run(String name, Duration hold, IntSupplier task) {
        if (!acquire(name, hold)) {
            return 0;
        }
        try {
            return task.getAsInt();
        } finally {
            release(name);
        }
    }

    private boolean acquire(String name, Duration hold) {
        createRowOnce(name);
        return QuarkusTransaction.requiringNew().call(() -> {
            OffsetDateTime now = DatabaseTime.now(database);
            return database.createNativeQuery("update {h-schema}cluster_lock set locked_until = :until, locked_by = :me"
                            + " where name = :name and locked_until <= :now")
                    .setParameter("until", now.plus(hold)).setParameter("me", replica)
                    .setParameter("name", name).setParameter("now", now)
                    .executeUpdate() == 1;
        });
    }

    private void release(String name) {
        QuarkusTransaction.requiringNew().run(() -> database.createNativeQuery(
                        "update {h-schema}cluster_lock set locked_until = :now where name = :name and locked_by = :me")
                .setParameter("now", DatabaseTime.now(database)).setParameter("name", name).setParameter("me", replica)
                .executeUpdate());
    }

    private void createRowOnce(String name) {
        try {
            QuarkusTransaction.requiringNew().run(() -> database.createNativeQuery(
                            "insert into {h-schema}cluster_lock (name, locked_until, locked_by) select :name, :past, ''"
                                    + " where not exists (select 1 from {h-schema}cluster_lock where name = :name)")
                    .setParameter("name", name).setParameter("past", OffsetDateTime.parse("2000-01-01T00:00:00Z"))
                    .executeUpdate());
        } catch (PersistenceException raced) {
            // Another replica made the row between the check and the insert: it is there, which is all this wanted.
        }
    }
}
