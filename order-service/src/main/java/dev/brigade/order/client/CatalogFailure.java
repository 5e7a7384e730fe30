package dev.brigade.order.client;

/**
 * catalog-service could not be reached, failed (5xx, broken connection) or did not answer in time.
 * {@link #maybeApplied()} says whether the request may have taken effect anyway: false only when no connection was
 * made.
 */
public class CatalogFailure extends RuntimeException {

    private final boolean maybeApplied;
    private final boolean timedOut;

    public CatalogFailure(String message, boolean maybeApplied, Throwable cause) {
        this(message, maybeApplied, false, cause);
    }

    private CatalogFailure(String message, boolean maybeApplied, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.maybeApplied = maybeApplied;
        this.timedOut = timedOut;
    }

    /** The call was sent and no answer came in time: it may have been applied. */
    static CatalogFailure timedOut(Throwable cause) {
        return new CatalogFailure("catalog-service did not answer in time", true, true, cause);
    }

    public boolean maybeApplied() {
        return maybeApplied;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
