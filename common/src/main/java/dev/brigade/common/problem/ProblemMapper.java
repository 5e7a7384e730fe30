package dev.brigade.common.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.brigade.common.json.JsonLimits;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one exception mapper of every service: whatever goes wrong, the client gets an
 * {@code application/problem+json} body and never a stack trace or an HTML page.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder answer = answer(e.toProblem());
        // Retry-After is whole seconds (RFC 9110); round up, so a client never comes back too early.
        e.retryAfter().ifPresent(wait -> answer.header("Retry-After", Math.max(1, (wait.toMillis() + 999) / 1000)));
        return answer.build();
    }

    @ServerExceptionMapper
    public Response invalidFields(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldName(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        return respond(Problem.invalidFields(errors));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return respond(Problem.of(400, "malformed-json", "Malformed JSON",
                "The request body is not valid JSON (line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr() + ")"));
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return respond(wrongJsonShape(e));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException) {
                return respond(Problem.of(400, "json-over-limit", "JSON over a limit", "The request body is nested"
                        + " deeper than " + JsonLimits.MAX_NESTING_DEPTH + " levels, holds a string longer than "
                        + JsonLimits.MAX_STRING_LENGTH + " characters, or more than " + JsonLimits.MAX_TOKENS
                        + " values, names and brackets"));
            }
        }
        if (e instanceof JsonMappingException mapping) {
            return respond(wrongJsonShape(mapping));
        }
        return respond(Problem.of(400, "malformed-json", "Malformed JSON", "The request body is not valid JSON"));
    }

    @ServerExceptionMapper
    public Response httpError(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException parse) {
                return malformedJson(parse);
            }
            if (cause instanceof JsonProcessingException unreadable) {
                return unreadableJson(unreadable);
            }
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status == 404 && e.getCause() instanceof IllegalArgumentException badParameter) {
            // JAX-RS answers 404 when a path or query parameter cannot be converted; the client sent a bad value.
            return respond(Problem.of(400, "bad-parameter", "Bad request",
                    "A path or query parameter has an invalid value: " + badParameter.getMessage()));
        }
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType != null ? statusType.getReasonPhrase() : "HTTP " + status;
        Response.ResponseBuilder builder = Response.fromResponse(original)
                .entity(Problem.of(status, slug(title), title, detailFor(status, e)))
                .type(Problem.MEDIA_TYPE);
        return builder.build();
    }

    /** No token, or one that is not valid here: 401 with the challenge RFC 6750 asks for. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        boolean badToken = e instanceof AuthenticationFailedException;
        String challenge = badToken ? "Bearer realm=\"brigade\", error=\"invalid_token\"" : "Bearer realm=\"brigade\"";
        return answer(Problem.of(401, "unauthenticated", "Unauthorized", badToken
                ? "The access token is not valid here (expired, or not issued for this shop); sign in again"
                : "Sign in first: this needs an access token (Authorization: Bearer ...)"))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    /** A valid token without the role this needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        String detail = e.getMessage() != null ? e.getMessage() : "Your account may not do this";
        return respond(Problem.of(403, "forbidden", "Forbidden", detail));
    }

    /** Keycloak cannot be reached to check a token (it is down or starting): the caller may try again shortly. */
    @ServerExceptionMapper
    public Response identityProviderUnavailable(OIDCException e) {
        LOG.warnf("A token could not be checked: %s", e.getMessage());
        return answer(Problem.of(503, "identity-provider-unavailable", "Service unavailable",
                "Sign-in cannot be checked right now (the identity provider does not answer); try again in a moment"))
                .header("Retry-After", 5)
                .build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                // Another request changed the same row between our read and our write, possibly at commit time.
                return respond(Problem.of(409, "concurrent-change", "Conflict",
                        "Someone else changed this at the same moment; fetch it again and retry"));
            }
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, incident %s", incident);
        return respond(Problem.of(500, "internal-error", "Internal server error",
                "An unexpected error occurred; it was logged as incident " + incident));
    }

    static Response respond(Problem problem) {
        return answer(problem).build();
    }

    private static Response.ResponseBuilder answer(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static Problem wrongJsonShape(JsonMappingException e) {
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return Problem.of(400, "malformed-json", "Malformed JSON", "The request body does not have the expected shape");
        }
        return Problem.invalidFields(List.of(new Problem.FieldError(field, "has the wrong type or format")));
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** {@code create.body.lines[0].quantity} becomes {@code lines[0].quantity}; a query parameter keeps its name. */
    static String fieldName(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                    continue;
                }
                case PARAMETER -> {
                    parameter = node.getName();
                    continue;
                }
                default -> {
                }
            }
            // Hibernate Validator puts an element's index on the node that follows the collection.
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            } else if (node.isInIterable() && node.getKey() != null) {
                field.append('[').append(node.getKey()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(name);
            }
        }
        if (!field.isEmpty()) {
            return field.toString();
        }
        return parameter != null ? parameter : path.toString();
    }

    private static String detailFor(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "None of the accepted media types can be produced";
            case 413 -> "The request body is larger than this service accepts";
            case 415 -> "Unsupported Content-Type; send application/json";
            default -> status >= 500 ? "The server could not complete the request" : e.getMessage();
        };
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
