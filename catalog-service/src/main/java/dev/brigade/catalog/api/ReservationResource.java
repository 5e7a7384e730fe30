package dev.brigade.catalog.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.brigade.catalog.domain.Reservation;
import dev.brigade.catalog.domain.StockReservations;
import dev.brigade.common.problem.ProblemException;
import dev.brigade.common.security.Roles;

@Path("/api/reservations")
@RolesAllowed(Roles.ORDER_SERVICE)
public class ReservationResource {

    private final StockReservations reservations;

    ReservationResource(StockReservations reservations) {
        this.reservations = reservations;
    }

    /** 201 when this call reserved the stock, 200 when the reservation existed already (nothing more is reserved). */
    @Operation(operationId = "reserveStock",
            summary = "Reserves every line or none, under the caller's reservation id")
    @APIResponse(responseCode = "200",
            description = "The same reservation id again: the first result, nothing more reserved")
    @APIResponse(responseCode = "201", description = "Reserved")
    @APIResponse(responseCode = "409", description = "A product has too little stock; nothing was reserved")
    @APIResponse(responseCode = "422", description = "An unknown product; nothing was reserved")
    @POST
    public Response reserve(@Valid @NotNull ReservationRequest body) {
        Map<Long, Integer> quantities = new LinkedHashMap<>();
        for (ReservationRequest.Line line : body.lines()) {
            quantities.merge(line.productId(), line.quantity(), Integer::sum);
        }
        StockReservations.Outcome outcome = reservations.reserve(body.reservationId(), quantities);
        ReservationView view = toView(outcome);
        if (!outcome.created()) {
            return Response.ok(view).build();
        }
        return Response.created(URI.create("/api/reservations/" + view.reservationId())).entity(view).build();
    }

    @Operation(operationId = "getReservation", summary = "A reservation, ACTIVE, CONFIRMED or RELEASED")
    @GET
    @Path("/{reservationId}")
    public ReservationView get(@PathParam("reservationId") @Size(max = ReservationRequest.MAX_ID_LENGTH) String reservationId) {
        return reservations.find(reservationId).map(ReservationResource::toView)
                .orElseThrow(() -> ProblemException.notFound("Reservation", reservationId));
    }

    @Operation(operationId = "confirmReservations",
            summary = "The orders are stored: each reservation is its order's stock now, and no longer expires")
    @APIResponse(responseCode = "200",
            description = "Each id as confirmed (now or before), released (it holds no stock) or unknown")
    @POST
    @Path("/confirmations")
    public ConfirmationsView confirmAll(@Valid @NotNull ConfirmationRequest body) {
        StockReservations.Confirmations outcome = reservations.confirmAll(body.reservationIds());
        return new ConfirmationsView(outcome.confirmed(), outcome.released(), outcome.unknown());
    }

    @Operation(operationId = "releaseReservation",
            summary = "Returns a reservation's stock, once however often it is called")
    @APIResponse(responseCode = "204", description = "Released, or released already")
    @DELETE
    @Path("/{reservationId}")
    public void release(@PathParam("reservationId") @Size(max = ReservationRequest.MAX_ID_LENGTH) String reservationId) {
        reservations.release(reservationId);
    }

    private static ReservationView toView(StockReservations.Outcome outcome) {
        Reservation reservation = outcome.reservation();
        ReservationView.Status status = reservation.isReleased() ? ReservationView.Status.RELEASED
                : reservation.isConfirmed() ? ReservationView.Status.CONFIRMED : ReservationView.Status.ACTIVE;
        return new ReservationView(reservation.id, status,
                outcome.lines().stream()
                        .map(line -> new ReservationView.Line(line.productId, line.quantity, line.name,
                                line.unitPriceCents, line.currency))
                        .toList(),
                reservation.createdAt, reservation.expiresAt, reservation.confirmedAt, reservation.releasedAt);
    }
}
