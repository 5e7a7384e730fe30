package dev.brigade.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;

import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.Test;

/** Two requests writing the same row at once: the loser is told to retry, it is not an incident. */
class ProblemMapperConcurrencyTest {

    private final ProblemMapper mapper = new ProblemMapper();

    @Test
    void aVersionConflictAtCommitIsA409ToRetry() {
        Response answer = mapper.unexpected(new IllegalStateException("commit failed",
                new StaleObjectStateException("Product", 33L)));
        assertEquals(409, answer.getStatus());
        assertEquals(Problem.typeUri("concurrent-change"), ((Problem) answer.getEntity()).type());
    }

    @Test
    void aVersionConflictAtFlushIsA409ToRetry() {
        assertEquals(409, mapper.unexpected(new OptimisticLockException("row was updated")).getStatus());
    }

    @Test
    void anythingElseUnexpectedIsA500WithAnIncidentNumber() {
        Response answer = mapper.unexpected(new IllegalStateException("boom"));
        assertEquals(500, answer.getStatus());
        assertEquals(Problem.typeUri("internal-error"), ((Problem) answer.getEntity()).type());
    }
}
