package dev.brigade.catalog.store;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Marks these reservations confirmed where they are neither released nor confirmed yet; how many it confirmed.
     * SQL, not HQL, as every update made once per order (ProductRepository.takeStock says why).
     */
    public int markConfirmed(Collection<String> reservationIds, OffsetDateTime at) {
        return getEntityManager().createNativeQuery("update {h-schema}reservation set confirmed_at = :at"
                        + " where id in (:ids) and released_at is null and confirmed_at is null")
                .setParameter("at", at).setParameter("ids", reservationIds).executeUpdate();
    }

    /** Of these reservations, whether each is released, by id; an id catalog never had is missing. */
    public Map<String, Boolean> releasedOf(Collection<String> reservationIds) {
        List<?> rows = getEntityManager().createNativeQuery("select id, released_at from {h-schema}reservation"
                        + " where id in (:ids)")
                .setParameter("ids", reservationIds).getResultList();
        Map<String, Boolean> released = new HashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            released.put((String) columns[0], columns[1] != null);
        }
        return released;
    }

    /**
     * Marks an unconfirmed reservation whose hold ran out released; true only for the one caller (of any replica)
     * that did, and never for one its order confirmed meanwhile.
     */
    public boolean markExpired(String reservationId, OffsetDateTime at) {
        return update("releasedAt = ?1 where id = ?2 and releasedAt is null and confirmedAt is null and expiresAt < ?1",
                at, reservationId) == 1;
    }

    /** Ids of unconfirmed reservations whose hold ran out before {@code now}, oldest first. */
    public List<String> expired(OffsetDateTime now, int limit) {
        return getEntityManager().createQuery("select r.id from Reservation r where r.releasedAt is null"
                        + " and r.confirmedAt is null and r.expiresAt < :now order by r.expiresAt", String.class)
                .setParameter("now", now).setMaxResults(limit).getResultList();
    }

    /**
     * How many reservations hold stock for an order that has not confirmed them, their hold still running: a range
     * of reservation_expiry_idx over the holds made within catalog.reservations.hold, not the whole table (which
     * keeps every confirmed reservation).
     */
    public long holding(OffsetDateTime now) {
        return count("expiresAt >= ?1 and releasedAt is null and confirmedAt is null", now);
    }

    /** Marks the reservation released; true only for the one caller that actually released it. */
    public boolean markReleased(String reservationId, OffsetDateTime at) {
        return update("releasedAt = ?1 where id = ?2 and releasedAt is null", at, reservationId) == 1;
    }
}
