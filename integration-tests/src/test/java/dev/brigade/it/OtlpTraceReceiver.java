package dev.brigade.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * An OTLP/HTTP trace receiver in the test JVM ({@code POST /v1/traces}, protobuf), which the suite's services export
 * to (OTLP over HTTP: the JDK's server and the generated OTLP messages are all it takes, where gRPC would need a
 * server stack). It keeps the spans of the traces a test asked for ({@link #watch}), at most {@link #MAX_SPANS} in
 * all, and drops the others, so a suite of any length holds a bounded number.
 */
final class OtlpTraceReceiver implements AutoCloseable {

    /** The most spans kept, over every watched trace; a checkout's trace has a few dozen (its statements included). */
    static final int MAX_SPANS = 5_000;
    /** A larger export is refused (413): the services' batches are at most 512 spans, well under a megabyte. */
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
            .name("otlp-receiver").factory());
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Map<String, List<ReceivedSpan>> spansByTrace = new HashMap<>();
    private int kept;

    /** One span as an exporter sent it: ids in lowercase hex, an empty parent for a trace's root. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                        Span.SpanKind kind, boolean error) {
    }

    private OtlpTraceReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpTraceReceiver start() {
        try {
            OtlpTraceReceiver receiver = new OtlpTraceReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            receiver.server.createContext("/v1/traces", receiver::export);
            receiver.server.setExecutor(receiver.executor);
            receiver.server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a service's {@code OTEL_EXPORTER_OTLP_ENDPOINT} names; the exporter adds {@code /v1/traces}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Keep the spans of this trace from now on. */
    void watch(String traceId) {
        watched.add(traceId);
    }

    synchronized List<ReceivedSpan> spansOf(String traceId) {
        return List.copyOf(spansByTrace.getOrDefault(traceId, List.of()));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = readBody(exchange);
            if (body == null) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            keep(ExportTraceServiceRequest.parseFrom(body));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private synchronized void keep(ExportTraceServiceRequest request) {
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(attribute -> attribute.getKey().equals("service.name"))
                    .map(KeyValue::getValue).map(value -> value.getStringValue()).findFirst().orElse("");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    String traceId = HEX.formatHex(span.getTraceId().toByteArray());
                    if (!watched.contains(traceId) || kept >= MAX_SPANS) {
                        continue;
                    }
                    kept++;
                    spansByTrace.computeIfAbsent(traceId, id -> new ArrayList<>()).add(new ReceivedSpan(service, traceId,
                            HEX.formatHex(span.getSpanId().toByteArray()), HEX.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(), span.getKind(), span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR));
                }
            }
        }
    }
}
