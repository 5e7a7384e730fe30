package dev.brigade.frontend;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.NoCache;

/**
 * {@code GET /config.json}: the service URLs the page calls, from {@code CATALOG_URL}, {@code ORDER_URL} and
 * {@code WORKER_URL}, so one image serves any environment.
 */
@Path("/config.json")
public class ShopConfigResource {

    private final ShopConfig config;

    ShopConfigResource(@ConfigProperty(name = "brigade.catalog-url") String catalogUrl,
            @ConfigProperty(name = "brigade.order-url") String orderUrl,
            @ConfigProperty(name = "brigade.worker-url") String workerUrl) {
        this.config = new ShopConfig(withoutTrailingSlash(catalogUrl), withoutTrailingSlash(orderUrl),
                withoutTrailingSlash(workerUrl));
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
