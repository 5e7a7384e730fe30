package dev.brigade.common.http;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.brigade.common.problem.ProblemException;

/**
 * Refuses an {@code Accept} header that is no list of media types before any resource runs. Left alone, an endpoint
 * that returns a {@code Response} would do its work (store an order) and only then fail to pick a writer, telling
 * the client that what it asked for failed when it had happened.
 */
public class AcceptHeaderCheck {

    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        for (String accept : request.getHeaders().getOrDefault(HttpHeaders.ACCEPT, List.of())) {
            if (accept.isBlank()) {
                throw ProblemException.invalidField("Accept", "is empty: name the media types you take, or leave the"
                        + " header out");
            }
            for (String range : accept.split(",")) {
                try {
                    MediaType.valueOf(range.trim());
                } catch (IllegalArgumentException e) {
                    throw ProblemException.invalidField("Accept", "'" + abbreviate(range.trim())
                            + "' is not a media type such as application/json");
                }
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
