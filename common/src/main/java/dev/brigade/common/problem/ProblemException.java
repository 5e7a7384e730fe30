package dev.brigade.common.problem;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Thrown by domain and application code to answer with a problem; the {@link ProblemMapper} turns it into
 * {@code application/problem+json}. The factory methods name the cases the services use.
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Duration retryAfter;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    public ProblemException(int status, String slug, String title, String detail, Throwable cause) {
        this(Problem.of(status, slug, title, detail), null, cause);
    }

    private ProblemException(Problem problem, Duration retryAfter, Throwable cause) {
        super(problem.detail(), cause);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    /** Fields the bean validation annotations cannot check; answered like a constraint violation. */
    public static ProblemException invalidFields(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.invalidFields(errors), null, null);
    }

    public static ProblemException invalidField(String field, String message) {
        return invalidFields(List.of(new Problem.FieldError(field, message)));
    }

    /** The caller is known but may not do this; answered as a refused access check is. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "not-found", "Not found", what + " " + id + " does not exist");
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Conflict", detail);
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(412, "precondition-failed", "Precondition failed", detail);
    }

    public static ProblemException unprocessable(String slug, String detail) {
        return new ProblemException(422, slug, "Unprocessable request", detail);
    }

    public static ProblemException unavailable(String detail, Throwable cause) {
        return new ProblemException(503, "service-unavailable", "Service unavailable", detail, cause);
    }

    /**
     * A 503 that says "not now" rather than "broken": the client may send the same request again (with the same
     * {@code Idempotency-Key}) after {@code retryAfter}, which the answer carries as {@code Retry-After}.
     */
    public static ProblemException retryLater(String slug, String detail, Duration retryAfter, Throwable cause) {
        return new ProblemException(Problem.of(503, slug, "Service unavailable", detail), retryAfter, cause);
    }

    /** How long the client should wait before it tries again, when the answer says so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public int status() {
        return problem.status();
    }

    public Problem toProblem() {
        return problem;
    }
}
