package dev.brigade.common.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The trace context of a hop that is not HTTP: written into a row as a W3C {@code traceparent} (the outbox message,
 * the job) and read back when the row is worked on, or handed to a child JVM in its job frame, with the same
 * propagator the REST server and client use.
 */
public final class StoredTrace {

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<String> FROM_COLUMN = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private StoredTrace() {
    }

    /** The current span's {@code traceparent} (55 characters), or null outside any trace. */
    public static String current() {
        return of(Context.current());
    }

    /** The {@code traceparent} of the span in {@code context} (55 characters), or null when it holds none. */
    public static String of(Context context) {
        Map<String, String> headers = new HashMap<>(2);
        W3C.inject(context, headers, Map::put);
        return headers.get(TRACEPARENT);
    }

    /**
     * A span continuing the stored trace, for the work done on a row later (a delivery, a job's run): a consumer span,
     * child of the span that wrote the row; the first span of a new trace for a row written outside any trace.
     */
    public static SpanBuilder continuedBy(Tracer tracer, String name, String traceparent) {
        return tracer.spanBuilder(name).setParent(parentOf(traceparent)).setSpanKind(SpanKind.CONSUMER);
    }

    /**
     * A span for work done on many rows at once (a batch of deliveries): the first span of a trace of its own, linked
     * to the span that wrote each row, as a span can have one parent only.
     */
    public static SpanBuilder linkedTo(Tracer tracer, String name, List<String> traceparents) {
        SpanBuilder builder = tracer.spanBuilder(name).setNoParent().setSpanKind(SpanKind.CONSUMER);
        for (String traceparent : traceparents) {
            SpanContext written = Span.fromContext(parentOf(traceparent)).getSpanContext();
            if (written.isValid()) {
                builder.addLink(written);
            }
        }
        return builder;
    }

    /**
     * The context to start a span in, as a child of the stored one; the root context (a new trace) for a row written
     * outside any trace, or before rows carried one.
     */
    static Context parentOf(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), traceparent, FROM_COLUMN);
    }
}
