package dev.brigade.frontend;

/**
 * What the page needs to know about its surroundings: where each service answers, and where and as which client
 * it signs people in (the OpenID Connect issuer and the page's public client id). No trailing slash on the URLs.
 */
public record ShopConfig(String catalogUrl, String orderUrl, String workerUrl, String oidcAuthority,
        String oidcClientId) {
}
