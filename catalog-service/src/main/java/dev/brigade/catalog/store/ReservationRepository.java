package dev.brigade.catalog.store;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.catalog.domain.Reservation;
import dev.brigade.catalog.domain.ReservationLine;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ReservationRepository implements PanacheRepositoryBase<Reservation, String> {

    public List<ReservationLine> lines(String reservationId) {
        return getEntityManager()
                .createQuery("from ReservationLine where reservationId = :id order by productId", ReservationLine.class)
                .setParameter("id", reservationId)
                .getResultList();
    }

    public void addLine(ReservationLine line) {
        getEntityManager().persist(line);
    }

    /** Marks the reservation released; true only for the one caller that actually released it. */
    public boolean markReleased(String reservationId, OffsetDateTime at) {
        return update("releasedAt = ?1 where id = ?2 and releasedAt is null", at, reservationId) == 1;
    }
}
