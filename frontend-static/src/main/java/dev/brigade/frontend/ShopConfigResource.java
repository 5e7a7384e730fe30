package dev.brigade.frontend;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.NoCache;

/**
 * {@code GET /config.json}: the service URLs the page calls, from {@code CATALOG_URL}, {@code ORDER_URL} and
 * {@code WORKER_URL}, and the OpenID Connect issuer and client it signs in with, from {@code OIDC_ISSUER} and
 * {@code OIDC_CLIENT_ID}, so one image serves any environment.
 */
@Path("/config.json")
public class ShopConfigResource {

    private final ShopConfig config;

    ShopConfigResource(@ConfigProperty(name = "brigade.catalog-url") String catalogUrl,
            @ConfigProperty(name = "brigade.order-url") String orderUrl,
            @ConfigProperty(name = "brigade.worker-url") String workerUrl,
            @ConfigProperty(name = "brigade.oidc-authority") String oidcAuthority,
            @ConfigProperty(name = "brigade.oidc-client-id") String oidcClientId) {
        this.config = new ShopConfig(withoutTrailingSlash(catalogUrl), withoutTrailingSlash(orderUrl),
                withoutTrailingSlash(workerUrl), withoutTrailingSlash(oidcAuthority), oidcClientId.trim());
    }

    @GET
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public ShopConfig get() {
        return config;
    }

    private static String withoutTrailingSlash(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
