package dev.brigade.common.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every 4xx and 5xx answer of every Brigade service.
 *
 * @param type   a URI naming the kind of problem ({@code urn:brigade:problem:<slug>})
 * @param title  a short, human-readable summary of the kind of problem
 * @param status the HTTP status code
 * @param detail what went wrong in this occurrence, in words a user can act on
 * @param errors for validation problems, one entry per offending field
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(typeUri(slug), title, status, detail, null);
    }

    /** A 400 naming each offending field, for bean validation and for checks the annotations cannot make. */
    public static Problem invalidFields(List<FieldError> errors) {
        String fields = String.join(", ", errors.stream().map(FieldError::field).distinct().toList());
        return new Problem(typeUri("validation"), "Invalid request", 400, "Invalid value for: " + fields, errors);
    }

    public static String typeUri(String slug) {
        return "urn:brigade:problem:" + slug;
    }
}
