package dev.brigade.frontend;

/** What the page needs to know about its surroundings: where each service answers. No trailing slash. */
public record ShopConfig(String catalogUrl, String orderUrl, String workerUrl) {
}
