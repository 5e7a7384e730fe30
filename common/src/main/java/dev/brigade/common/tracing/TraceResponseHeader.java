package dev.brigade.common.tracing;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Every answer names the trace it belongs to in W3C Trace Context's {@code traceresponse} header
 * ({@code 00-<trace id>-<server span id>-<flags>}), the response-side twin of {@code traceparent}. The CORS policy
 * exposes it, so the page can show the trace of what it just did, and a caller that sent no {@code traceparent}
 * still learns the trace id to look for in the logs.
 */
public class TraceResponseHeader {

    public static final String NAME = "traceresponse";

    @ServerResponseFilter
    public void addTraceResponse(ContainerResponseContext response) {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid() && !response.getHeaders().containsKey(NAME)) {
            response.getHeaders().putSingle(NAME,
                    "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex());
        }
    }
}
