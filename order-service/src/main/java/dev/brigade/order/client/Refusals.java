package dev.brigade.order.client;

/** Which answers of catalog-service and worker-service say no for good, so that asking again cannot help. */
final class Refusals {

    private Refusals() {
    }

    /**
     * A 4xx, except 401 and 403 (they refused order-service's token: expired on its way, or Keycloak briefly out of
     * step; the next call carries a fresh one), 408 and 429 (come back later).
     */
    static boolean forGood(int status) {
        return status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429;
    }
}
