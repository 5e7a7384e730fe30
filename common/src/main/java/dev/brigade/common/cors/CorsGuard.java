package dev.brigade.common.cors;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Fills the two gaps of Quarkus's CORS filter (configured in this module's {@code microprofile-config.properties}):
 * it adds {@code Vary: Origin} to every response, since the CORS headers depend on the request's origin, and it logs
 * a refused origin together with the setting that would allow it.
 */
@ApplicationScoped
public class CorsGuard {

    private static final Logger LOG = Logger.getLogger(CorsGuard.class);
    private static final int MAX_REMEMBERED_ORIGINS = 1_000;

    private final Set<String> allowedOrigins;
    private final Set<String> reportedOrigins = ConcurrentHashMap.newKeySet();

    CorsGuard(@ConfigProperty(name = "quarkus.http.cors.origins") List<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, 10_000);
    }

    void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        context.addHeadersEndHandler(ignored -> addVaryOrigin(response));
        String origin = context.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !allowedOrigins.contains(origin) && !isSameOrigin(context, origin)) {
            reportRefused(origin, context);
        }
        context.next();
    }

    private void reportRefused(String origin, RoutingContext context) {
        // One WARN per distinct origin keeps a misbehaving page from flooding the log.
        boolean first = reportedOrigins.size() < MAX_REMEMBERED_ORIGINS && reportedOrigins.add(origin);
        String message = "Refused cross-origin request from origin '%s' (%s %s): it is not in quarkus.http.cors.origins %s."
                + " To allow it, add it to the FRONTEND_ORIGINS environment variable (property brigade.frontend-origins).";
        if (first) {
            LOG.warnf(message, origin, context.request().method(), context.request().path(), allowedOrigins);
        } else {
            LOG.debugf(message, origin, context.request().method(), context.request().path(), allowedOrigins);
        }
    }

    private static boolean isSameOrigin(RoutingContext context, String origin) {
        String host = context.request().getHeader(HttpHeaders.HOST);
        return host != null && origin.equals(context.request().scheme() + "://" + host);
    }

    private static void addVaryOrigin(HttpServerResponse response) {
        String vary = response.headers().get(HttpHeaders.VARY);
        if (vary == null || vary.isBlank()) {
            response.headers().set(HttpHeaders.VARY, "Origin");
        } else if (!vary.toLowerCase().contains("origin")) {
            response.headers().set(HttpHeaders.VARY, vary + ", Origin");
        }
    }
}
