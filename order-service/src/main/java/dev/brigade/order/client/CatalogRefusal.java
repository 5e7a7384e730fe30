package dev.brigade.order.client;

/** catalog-service answered, and said no (out of stock, unknown product): not a failure of the service. */
public class CatalogRefusal extends RuntimeException {

    private final int status;
    private final String problemType;

    public CatalogRefusal(int status, String problemType, String detail) {
        super(detail);
        this.status = status;
        this.problemType = problemType;
    }

    public int status() {
        return status;
    }

    /** The problem {@code type} catalog-service sent, or null. */
    public String problemType() {
        return problemType;
    }
}
