package dev.brigade.worker.pool;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.brigade.common.tracing.StoredTrace;
import dev.brigade.process.ExitStatus;
import dev.brigade.worker.protocol.ChildSpan;
import dev.brigade.worker.protocol.Message;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * One attempt of a traced job: the parent's span {@code child run <type>} (a child of the caller's span, from the
 * job's hand-over to the child's answer or death), the {@code traceparent} the child gets, and the child's own spans,
 * re-created under it with the child's times. The child has no exporter: its spans leave with the service's. A job
 * that is not traced gets {@link #NONE}, which costs nothing.
 */
final class AttemptTrace {

    static final AttemptTrace NONE = new AttemptTrace(null, null);

    private final Tracer tracer;
    private final Span span;
    /** Read and written on the pool's events thread only, where every call but {@link #start} is made. */
    private boolean ended;

    private AttemptTrace(Tracer tracer, Span span) {
        this.tracer = tracer;
        this.span = span;
    }

    /** The span of {@code job}'s attempt on the child {@code pid}; {@link #NONE} for a job without a sampled trace. */
    static AttemptTrace start(Tracer tracer, PendingJob job, long pid) {
        SpanContext caller = job.request.trace();
        if (caller == null || !caller.isSampled()) {
            return NONE;
        }
        Span span = tracer.spanBuilder("child run " + job.request.type())
                .setParent(Context.root().with(Span.wrap(caller)))
                .setAttribute("brigade.job.attempt", job.attempts)
                .setAttribute("brigade.child.pid", pid)
                .startSpan();
        return span.isRecording() ? new AttemptTrace(tracer, span) : NONE;
    }

    /** The W3C {@code traceparent} the child's spans hang under, null when the job is not traced. */
    String traceparent() {
        return span == null ? null : StoredTrace.of(Context.root().with(span));
    }

    /** The child's spans as spans of this service, each under its parent (the attempt's span for the top ones). */
    void childSpans(Message.Spans spans) {
        if (span == null) {
            return;
        }
        Context attempt = Context.root().with(span);
        Map<Integer, Context> byId = new HashMap<>();
        for (ChildSpan child : spans.spans()) {
            Context parent = byId.getOrDefault(child.parent(), attempt);
            SpanBuilder builder = tracer.spanBuilder(child.name()).setParent(parent)
                    .setStartTimestamp(child.startEpochNanos(), TimeUnit.NANOSECONDS);
            child.attributes().forEach((key, value) -> {
                switch (value) {
                    case Long number -> builder.setAttribute(key, number);
                    case Double number -> builder.setAttribute(key, number);
                    case Boolean flag -> builder.setAttribute(key, flag);
                    default -> builder.setAttribute(key, String.valueOf(value));
                }
            });
            Span recreated = builder.startSpan();
            if (child.error() != null) {
                recreated.setStatus(StatusCode.ERROR, child.error());
            }
            recreated.end(Math.max(child.startEpochNanos(), child.endEpochNanos()), TimeUnit.NANOSECONDS);
            byId.put(child.id(), parent.with(recreated));
        }
        if (spans.dropped() > 0) {
            span.setAttribute("brigade.child.spans.dropped", spans.dropped());
        }
    }

    /** The child died while it ran the job: how it ended, before {@link #lost} says what it means for the job. */
    void childExited(ExitStatus status) {
        if (span != null && status != null) {
            span.setAttribute("brigade.child.exit", status.toString());
        }
    }

    /** The child answered: {@code error} null for a result, else the handler's reason. */
    void answered(String error) {
        if (error != null && span != null) {
            span.setStatus(StatusCode.ERROR, error);
        }
        end();
    }

    /** The attempt ended without an answer (the child died, timed out, the pool shut down). */
    void lost(String reason) {
        if (span != null && !ended) {
            span.setStatus(StatusCode.ERROR, reason);
        }
        end();
    }

    private void end() {
        if (span != null && !ended) {
            ended = true;
            span.end();
        }
    }
}
