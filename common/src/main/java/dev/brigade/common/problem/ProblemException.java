package dev.brigade.common.problem;

import java.util.List;

/**
 * Thrown by domain and application code to answer with a problem; the {@link ProblemMapper} turns it into
 * {@code application/problem+json}. The factory methods name the cases the services use.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    public ProblemException(int status, String slug, String title, String detail, Throwable cause) {
        this(status, slug, title, detail, null, cause);
    }

    private ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors,
                             Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    /** Fields the bean validation annotations cannot check; answered like a constraint violation. */
    public static ProblemException invalidFields(List<Problem.FieldError> errors) {
        String fields = String.join(", ", errors.stream().map(Problem.FieldError::field).distinct().toList());
        return new ProblemException(400, "validation", "Invalid request", "Invalid value for: " + fields, errors, null);
    }

    public static ProblemException invalidField(String field, String message) {
        return invalidFields(List.of(new Problem.FieldError(field, message)));
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

    public int status() {
        return status;
    }

    public Problem toProblem() {
        return new Problem(Problem.typeUri(slug), title, status, getMessage(), errors);
    }
}
