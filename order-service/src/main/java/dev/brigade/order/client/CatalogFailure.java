package dev.brigade.order.client;

/**
 * catalog-service could not be reached or failed (5xx, broken connection). {@link #maybeApplied()} says whether the
 * request may have taken effect anyway: false only when no connection was made.
 */
public class CatalogFailure extends RuntimeException {

    private final boolean maybeApplied;

    public CatalogFailure(String message, boolean maybeApplied, Throwable cause) {
        super(message, cause);
        this.maybeApplied = maybeApplied;
    }

    public boolean maybeApplied() {
        return maybeApplied;
    }
}
