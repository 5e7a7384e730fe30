package dev.brigade.order.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One product of an order, with the name and unit price catalog-service reserved it at. */
@Embeddable
public class OrderLine {

    @Column(name = "product_id")
    public long productId;

    public String name;

    public int quantity;

    @Column(name = "unit_price_cents")
    public long unitPriceCents;

    /** Exact: a total that does not fit a long fails the checkout instead of wrapping around. */
    public long totalCents() {
        return Math.multiplyExact(unitPriceCents, quantity);
    }
}
