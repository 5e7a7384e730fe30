package dev.brigade.order.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;

/**
 * catalog-service's reservation API, called with order-service's own access token (role order-service). Error answers
 * come back as a {@link Response}; {@link CatalogGateway} reads them.
 */
@OidcClientFilter
@RegisterRestClient(configKey = "catalog")
@Path("/api/reservations")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
public interface CatalogClient {

    @POST
    Response reserve(ReservationRequest request);

    /** A reservation as catalog holds it (404 for one it never had): the warm-up's harmless call. */
    @GET
    @Path("/{reservationId}")
    Response reservation(@PathParam("reservationId") String reservationId);

    @DELETE
    @Path("/{reservationId}")
    Response release(@PathParam("reservationId") String reservationId);

    @POST
    @Path("/confirmations")
    Response confirm(ConfirmationRequest request);
}
