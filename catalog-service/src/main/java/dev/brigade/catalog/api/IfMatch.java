package dev.brigade.catalog.api;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import dev.brigade.common.problem.ProblemException;

/**
 * {@code If-Match} as RFC 9110 (13.1.1) has it, for a product's ETag (its version, {@code "3"}): a list of entity
 * tags or {@code *}. Comparison is strong, so a weak tag ({@code W/"3"}) never matches; an unquoted tag is no tag.
 * A replace without the header is refused ({@code 428}, RFC 6585): it would overwrite whatever changed meanwhile.
 */
final class IfMatch {

    private IfMatch() {
    }

    /** The versions the client may replace; empty for {@code *} (any current version). */
    static Optional<Set<Long>> versions(String header) {
        if (header == null || header.isBlank()) {
            throw new ProblemException(428, "precondition-required", "Precondition required",
                    "PUT needs If-Match with the product's ETag from GET /api/products/{id} (or *), so that it "
                            + "does not overwrite a change made since");
        }
        if (header.trim().equals("*")) {
            return Optional.empty();
        }
        Set<Long> versions = new HashSet<>();
        for (String part : header.split(",")) {
            String tag = part.trim();
            if (tag.startsWith("W/")) {
                continue; // weak: never matches in a strong comparison
            }
            if (tag.length() < 2 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
                throw ProblemException.badRequest("If-Match must list entity tags in double quotes, such as \"3\", "
                        + "as GET /api/products/{id} sends them; was " + header);
            }
            try {
                versions.add(Long.parseLong(tag.substring(1, tag.length() - 1)));
            } catch (NumberFormatException e) {
                // a tag this service never sent: it can match no version
            }
        }
        return Optional.of(versions);
    }
}
