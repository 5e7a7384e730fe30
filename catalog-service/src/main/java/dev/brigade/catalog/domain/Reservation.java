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

    public boolean isReleased() {
        return releasedAt != null;
    }
}
