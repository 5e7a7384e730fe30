package dev.brigade.catalog.domain;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One reserved product, with the name and price it had when it was reserved. */
@Entity
@Table(name = "reservation_line")
@IdClass(ReservationLine.Key.class)
public class ReservationLine {

    @Id
    @Column(name = "reservation_id")
    public String reservationId;

    @Id
    @Column(name = "product_id")
    public Long productId;

    public int quantity;

    public String name;

    @Column(name = "unit_price_cents")
    public long unitPriceCents;

    public String currency;

    public static class Key implements Serializable {
        public String reservationId;
        public Long productId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && Objects.equals(reservationId, key.reservationId)
                    && Objects.equals(productId, key.productId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(reservationId, productId);
        }
    }
}
