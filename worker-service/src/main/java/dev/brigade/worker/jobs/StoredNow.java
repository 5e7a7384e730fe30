package dev.brigade.worker.jobs;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

import io.agroal.api.AgroalDataSource;

/**
 * Makes what has been committed so far survive a killed process, before a submission is answered.
 * <p>
 * On H2 the worker's database writes its commits to the file in the background (WRITE_DELAY, see
 * application.properties) instead of one file write per commit, and this writes them at once: everything committed
 * until now, by any thread, in one write, so submissions arriving together share it (a group commit). Claims and
 * outcomes are left to the background write: a process killed before it loses at most the last few hundred ms of
 * them, and those jobs run again; a job the API accepted is never lost. On PostgreSQL a commit is durable by itself
 * and this does nothing.
 */
@ApplicationScoped
public class StoredNow {

    private final AgroalDataSource dataSource;
    private volatile MVStore h2;
    private volatile boolean resolved;

    StoredNow(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns once everything committed before the call is in the database's file. */
    public void await() {
        MVStore store = store();
        if (store != null && !store.isClosed()) {
            store.commit();
        }
    }

    private MVStore store() {
        if (!resolved) {
            try (Connection connection = dataSource.getConnection()) {
                if (connection.getMetaData().getURL().startsWith("jdbc:h2:")) {
                    // Embedded H2 (the driver in this JVM): fails loudly rather than leave commits unwritten.
                    SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
                    if (session.getDatabase().isPersistent()) {
                        h2 = session.getDatabase().getStore().getMvStore();
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("the job database cannot be reached: " + e.getMessage(), e);
            }
            resolved = true;
        }
        return h2;
    }
}
