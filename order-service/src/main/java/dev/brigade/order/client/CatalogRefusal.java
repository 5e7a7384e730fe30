package dev.brigade.order.client;

/** catalog-service answered, and said no (out of stock, unknown product): not a failure of the service. */
public class CatalogRefusal extends RuntimeException {

    /** Why catalog said no. */
    public enum Reason {
        OUT_OF_STOCK, UNKNOWN_PRODUCT, OTHER;

        static Reason ofStatus(int status) {
            return switch (status) {
                case 409 -> OUT_OF_STOCK;
                case 404, 422 -> UNKNOWN_PRODUCT;
                default -> OTHER;
            };
        }
    }

    private final Reason reason;
    private final String problemType;

    public CatalogRefusal(Reason reason, String problemType, String detail) {
        super(detail);
        this.reason = reason;
        this.problemType = problemType;
    }

    public Reason reason() {
        return reason;
    }

    /** The problem {@code type} catalog-service sent, or null. */
    public String problemType() {
        return problemType;
    }
}
