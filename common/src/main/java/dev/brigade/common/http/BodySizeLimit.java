package dev.brigade.common.http;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.brigade.common.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * What request bodies may cost the heap, checked before a byte of them is read:
 * <ul>
 * <li>one body: over {@code quarkus.http.limits.max-body-size} it is refused with a 413 problem (Vert.x itself would
 * answer the same status with an empty body; a chunked body without a {@code Content-Length} still gets that plain
 * 413 when it crosses the limit);</li>
 * <li>all bodies being read and parsed at once: at most {@code brigade.http.limits.bodies-in-flight} bytes. A request
 * that would go over waits outside: 503 problem with {@code Retry-After}. Without it, a handful of large bodies
 * parsed at the same moment could take the heap, whatever the limit per body. A body of unknown length counts as
 * the largest one allowed.</li>
 * </ul>
 */
@ApplicationScoped
public class BodySizeLimit {

    /** A body declared up to this many times the limit is read and dropped after the answer; a larger one is not. */
    private static final int DRAINED_OVERSIZE = 4;

    private final long maxBytes;
    private final long maxBytesInFlight;
    private final AtomicLong bytesInFlight = new AtomicLong();

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                  @ConfigProperty(name = "brigade.http.limits.bodies-in-flight") MemorySize bodiesInFlight) {
        this.maxBytes = maxBodySize.asLongValue();
        this.maxBytesInFlight = Math.max(maxBytes, bodiesInFlight.asLongValue());
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, 100);
    }

    void handle(RoutingContext context) {
        long bytes = declaredBodyBytes(context);
        if (bytes > maxBytes) {
            refuse(context, bytes, Problem.of(413, "body-too-large", "Request body too large",
                    "The request body has " + bytes + " bytes; this service accepts at most " + maxBytes));
            return;
        }
        if (bytes > 0) {
            if (bytesInFlight.addAndGet(bytes) > maxBytesInFlight) {
                bytesInFlight.addAndGet(-bytes);
                context.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
                refuse(context, bytes, Problem.of(503, "busy-reading-bodies", "Service busy",
                        "This service is reading as many request bodies as it may at once (" + maxBytesInFlight
                                + " bytes); send this one again in a second"));
                return;
            }
            context.addEndHandler(ended -> bytesInFlight.addAndGet(-bytes));
        }
        context.next();
    }

    /** Bytes from {@code Content-Length}; the most allowed for a chunked body; 0 without a body or on a bad value. */
    private long declaredBodyBytes(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING) ? maxBytes : 0;
        }
        try {
            return Math.max(0, Long.parseLong(length.trim()));
        } catch (NumberFormatException e) {
            return 0; // Vert.x refuses a bad Content-Length itself
        }
    }

    /**
     * Answers with the problem without reading the body. A body up to {@value #DRAINED_OVERSIZE} times the limit is
     * then read and dropped, keeping the connection: closing it while the client still sends would reset it, and the
     * client would never read the answer. A larger one is not worth reading: the connection closes.
     */
    private void refuse(RoutingContext context, long bodyBytes, Problem problem) {
        HttpServerResponse response = context.response();
        if (bodyBytes <= DRAINED_OVERSIZE * maxBytes) {
            context.request().handler(ignored -> { }).resume();
        } else {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
