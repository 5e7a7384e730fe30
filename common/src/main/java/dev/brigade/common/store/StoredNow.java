package dev.brigade.common.store;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

import io.agroal.api.AgroalDataSource;

/**
 * Makes what has been committed so far survive a killed process, before an answer that promises it.
 * <p>
 * On H2 each service's database writes its commits to the file in the background (WRITE_DELAY=500 in its
 * application.properties) instead of one file write per commit, and this writes them at once: everything committed
 * until now, by any thread, in one write. Callers that ask while a write is under way share the next one
 * ({@link GroupCommit}), so requests answered together cost one write between them. Writes that only the background
 * makes are left to the background write: a process killed before it loses at most the last few hundred ms of them,
 * and each service redoes those (its README says how). On PostgreSQL a commit is durable by itself and this does
 * nothing.
 */
@ApplicationScoped
public class StoredNow {

    private final AgroalDataSource dataSource;
    private final GroupCommit groupCommit = new GroupCommit(this::write);
    private volatile MVStore h2;
    private volatile boolean resolved;

    StoredNow(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns once everything committed before the call is in the database's file. */
    public void await() {
        await(mark());
    }

    /**
     * A mark for what has been committed until now: {@link #await(long)} with it returns once all of that is in the
     * file, usually through a write someone else asked for meanwhile.
     */
    public long mark() {
        return store() == null ? 0 : groupCommit.ask();
    }

    /** Returns once everything committed before {@link #mark()} returned this mark is in the database's file. */
    public void await(long mark) {
        if (store() != null) {
            groupCommit.await(mark);
        }
    }

    /** Returns {@code answer} once everything committed before the call is in the database's file. */
    public <T> T kept(T answer) {
        await();
        return answer;
    }

    private void write() {
        MVStore store = h2;
        if (!store.isClosed()) {
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
                throw new IllegalStateException("the database cannot be reached: " + e.getMessage(), e);
            }
            resolved = true;
        }
        return h2;
    }
}
