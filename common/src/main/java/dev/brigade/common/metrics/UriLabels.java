package dev.brigade.common.metrics;

import java.util.regex.Pattern;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * The {@code uri} label of the HTTP metrics names a route ({@code /api/products/{id}}), never a text a request chose.
 * Quarkus labels a request it could not match to a route (a path with odd bytes in it) with its raw path, and a meter
 * lives as long as the process: a few thousand characters per label, up to {@code max-uri-tags} of them, from anyone.
 * Such a label becomes {@value #UNKNOWN}.
 */
@Singleton
public class UriLabels {

    static final String UNKNOWN = "UNKNOWN";
    /** What a route template or a plain path is made of, at a length a route has. */
    private static final Pattern ROUTE = Pattern.compile("[A-Za-z0-9/{}_.\\-]{1,100}");

    @Produces
    @Singleton
    MeterFilter routesOnly() {
        return MeterFilter.replaceTagValues("uri", UriLabels::routeOrUnknown);
    }

    static String routeOrUnknown(String uri) {
        return ROUTE.matcher(uri).matches() ? uri : UNKNOWN;
    }
}
