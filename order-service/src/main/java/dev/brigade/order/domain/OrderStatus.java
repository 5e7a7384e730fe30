package dev.brigade.order.domain;

public enum OrderStatus {
    /** The stock is reserved at catalog-service and the invoice is on its way. */
    CONFIRMED,
    /** Cancelled by the customer; the reservation is (or is being) released. */
    CANCELLED
}
