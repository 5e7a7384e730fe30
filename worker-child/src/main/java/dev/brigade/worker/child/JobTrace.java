package dev.brigade.worker.child;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.brigade.worker.protocol.ChildSpan;
import dev.brigade.worker.protocol.Message;

/**
 * The spans of one job in the child, kept in memory and handed to the parent in one {@code spans} frame before the
 * job's answer; the parent exports them as spans of its own. No OpenTelemetry here: a span is a name, a parent, two
 * times, a few attributes and an error, and the child opens no connection. A handler wraps a step in
 * {@link #span}; a step inside another one is its child, one of the handler's own is a child of the parent's span
 * that runs the job. Used by the job's one thread only.
 * <pre>
 * byte[] pdf = trace.span("invoice render", span -&gt; {
 *     byte[] bytes = render(invoice);
 *     span.attribute("brigade.invoice.bytes", bytes.length);
 *     return bytes;
 * });   // an exception out of the step marks the span failed, with its message, and goes on
 * </pre>
 * A job that came without a {@code traceparent} gets {@link #OFF}, which runs the steps and records nothing.
 */
public final class JobTrace {

    /** Records nothing. */
    public static final JobTrace OFF = new JobTrace(false);

    /** A step of a job, run inside its span. */
    @FunctionalInterface
    public interface Step<T, E extends Exception> {
        T run(Span span) throws E;
    }

    /** What a step tells about its span: a few attributes (no ids of customers). */
    public interface Span {
        Span attribute(String key, long value);

        Span attribute(String key, String value);
    }

    private static final Span NOT_RECORDED = new Span() {
        @Override
        public Span attribute(String key, long value) {
            return this;
        }

        @Override
        public Span attribute(String key, String value) {
            return this;
        }
    };

    private final boolean recording;
    private final long epochNanosAtStart;
    private final long nanoTimeAtStart;
    private final List<ChildSpan> finished = new ArrayList<>();
    private int started;
    private int dropped;
    private int current;

    private JobTrace(boolean recording) {
        this.recording = recording;
        Instant now = Instant.now();
        this.nanoTimeAtStart = System.nanoTime();
        this.epochNanosAtStart = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** A recording trace for a job with a W3C {@code traceparent}; {@link #OFF} without one. */
    public static JobTrace forJob(String traceparent) {
        return isTraceparent(traceparent) ? new JobTrace(true) : OFF;
    }

    /**
     * Runs {@code step} in a span named {@code name}, a child of the step it runs in. Beyond
     * {@link ChildSpan#MAX_PER_JOB} spans in a job, a step runs unrecorded and is counted as dropped.
     */
    public <T, E extends Exception> T span(String name, Step<T, E> step) throws E {
        if (!recording) {
            return step.run(NOT_RECORDED);
        }
        if (started == ChildSpan.MAX_PER_JOB) {
            dropped++;
            return step.run(NOT_RECORDED);
        }
        Recorded span = new Recorded(++started, current, ChildSpan.bounded(name), now());
        int outer = current;
        current = span.id;
        try {
            T result = step.run(span);
            finish(span, null);
            return result;
        } catch (Throwable failure) {
            finish(span, failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName());
            throw failure;
        } finally {
            current = outer;
        }
    }

    /** The finished spans, parents before children, for the parent; null when there are none. */
    public Message.Spans spans(String jobId) {
        if (started == 0 && dropped == 0) {
            return null;
        }
        List<ChildSpan> spans = new ArrayList<>(finished);
        spans.sort(Comparator.comparingInt(ChildSpan::id));
        return new Message.Spans(jobId, List.copyOf(spans), dropped);
    }

    private void finish(Recorded span, String error) {
        finished.add(new ChildSpan(span.id, span.parent, span.name, span.start, now(),
                Collections.unmodifiableMap(span.attributes), ChildSpan.bounded(error)));
    }

    private long now() {
        return epochNanosAtStart + (System.nanoTime() - nanoTimeAtStart);
    }

    /** {@code 00-<32 hex>-<16 hex>-<2 hex>}, as the parent writes it; anything else turns tracing off. */
    static boolean isTraceparent(String value) {
        return value != null && value.length() == 55 && value.startsWith("00-") && value.charAt(35) == '-'
                && value.charAt(52) == '-';
    }

    private static final class Recorded implements Span {
        final int id;
        final int parent;
        final String name;
        final long start;
        final Map<String, Object> attributes = new LinkedHashMap<>();

        Recorded(int id, int parent, String name, long start) {
            this.id = id;
            this.parent = parent;
            this.name = name;
            this.start = start;
        }

        @Override
        public Span attribute(String key, long value) {
            return put(key, value);
        }

        @Override
        public Span attribute(String key, String value) {
            return put(key, ChildSpan.bounded(value));
        }

        private Span put(String key, Object value) {
            if (value != null && (attributes.size() < ChildSpan.MAX_ATTRIBUTES || attributes.containsKey(key))) {
                attributes.put(ChildSpan.bounded(key), value);
            }
            return this;
        }
    }
}
