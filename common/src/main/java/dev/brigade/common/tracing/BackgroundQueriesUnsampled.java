package dev.brigade.common.tracing;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * The sampler of every service: parent-based, always on, except for a database query that starts a trace of its
 * own. Those are the pollers' (the outbox relay, the job dispatcher, leases, retention), a few every second and
 * each a one-span trace that would bury the traces of real work; a query inside a request or a job is kept.
 * Being a CDI bean, it takes the place of {@code quarkus.otel.traces.sampler}.
 */
@ApplicationScoped
public class BackgroundQueriesUnsampled implements Sampler {

    // The JDBC instrumentation names the database with the stable key or the older one, by semconv opt-in.
    private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");

    private final Sampler delegate = Sampler.parentBased(Sampler.alwaysOn());

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        boolean root = !Span.fromContext(parentContext).getSpanContext().isValid();
        if (root && spanKind == SpanKind.CLIENT
                && (attributes.get(DB_SYSTEM_NAME) != null || attributes.get(DB_SYSTEM) != null)) {
            return SamplingResult.drop();
        }
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "BackgroundQueriesUnsampled{" + delegate.getDescription() + "}";
    }
}
