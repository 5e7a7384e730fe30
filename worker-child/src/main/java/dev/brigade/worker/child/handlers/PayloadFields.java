package dev.brigade.worker.child.handlers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads single values out of a job payload, failing with an {@link IllegalArgumentException} whose message starts
 * with {@code label} ("line 2: quantity", "customer name"), so the job fails with a reason a person can act on.
 */
final class PayloadFields {

    private PayloadFields() {
    }

    /** A non-blank text value (a number is taken as its text), trimmed. */
    static String text(JsonNode parent, String field, String label) {
        JsonNode value = parent.get(field);
        if (absent(value)) {
            throw new IllegalArgumentException(label + " is missing");
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException(label + " must be a text, was " + value);
        }
        String text = value.asText().trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(label + " must not be blank");
        }
        return text;
    }

    /** A text value, or null when absent or not a single value. */
    static String optionalText(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        return absent(value) || !value.isValueNode() ? null : value.asText();
    }

    /** A whole number that fits a long. */
    static long wholeNumber(JsonNode parent, String field, String label) {
        JsonNode value = parent.get(field);
        if (absent(value)) {
            throw new IllegalArgumentException(label + " is missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(label + " must be a whole number, was " + value);
        }
        return value.longValue();
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }
}
