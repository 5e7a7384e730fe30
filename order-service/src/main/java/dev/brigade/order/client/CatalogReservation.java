package dev.brigade.order.client;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** catalog-service's answer to a reservation: the names and prices the products had when they were reserved. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogReservation(String reservationId, String status, List<Line> lines, OffsetDateTime createdAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Line(long productId, int quantity, String name, long unitPriceCents, String currency) {
    }

    /** A reservation released earlier (its order was never stored, or was cancelled): it holds no stock. */
    public boolean released() {
        return "RELEASED".equals(status);
    }

    public Map<Long, Integer> quantities() {
        return lines.stream().collect(Collectors.toMap(Line::productId, Line::quantity, Integer::sum));
    }
}
