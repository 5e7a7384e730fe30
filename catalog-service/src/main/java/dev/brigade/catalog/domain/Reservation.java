package dev.brigade.catalog.domain;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Stock held for one order. The caller chooses the id, so repeating a reservation is harmless. */
@Entity
public class Reservation {

    @Id
    public String id;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "released_at")
    public OffsetDateTime releasedAt;

    /** Until when the stock is held without an order confirming it; null for one that never expires. */
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    /** When its order confirmed it: from then on only a release (the order cancelled) returns its stock. */
    @Column(name = "confirmed_at")
    public OffsetDateTime confirmedAt;

    public boolean isReleased() {
        return releasedAt != null;
    }

    public boolean isConfirmed() {
        return confirmedAt != null;
    }
}
