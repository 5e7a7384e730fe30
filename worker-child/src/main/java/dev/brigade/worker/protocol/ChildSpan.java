package dev.brigade.worker.protocol;

import java.util.Map;

/**
 * A span a child recorded while it ran a job, as it travels in a {@link Message.Spans} frame. Its ids are the
 * child's own small numbers, 1, 2, ... in the order the spans started; {@code parent} 0 is the parent's span that
 * ran the job (the {@code traceparent} of {@link Message.StartJob}). The parent gives each one a real span id when
 * it re-creates it.
 *
 * @param attributes at most {@value #MAX_ATTRIBUTES}, each a String, Long, Double or Boolean
 * @param error null when the span's work succeeded, else why it failed
 */
public record ChildSpan(int id, int parent, String name, long startEpochNanos, long endEpochNanos,
        Map<String, Object> attributes, String error) {

    /** Spans one job sends, at most; a child records no more, and the codec reads no more. */
    public static final int MAX_PER_JOB = 256;
    /** Attributes of one span, at most. */
    public static final int MAX_ATTRIBUTES = 8;
    /** Characters of a name, an attribute's key or text value, or an error, at most (cut beyond). */
    public static final int MAX_TEXT = 256;

    /** {@code text} cut to {@value #MAX_TEXT} characters. */
    public static String bounded(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
