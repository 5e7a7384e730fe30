package dev.brigade.order.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import dev.brigade.contracts.InvoiceJobBatch;
import io.quarkus.oidc.client.filter.OidcClientFilter;

/** worker-service's jobs API, called with order-service's own access token (role order-service). */
@OidcClientFilter
@RegisterRestClient(configKey = "worker")
@Path("/api/jobs")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
public interface WorkerClient {

    /** Submits orders' invoice jobs, each answered on its own; a key sent before returns the existing job. */
    @POST
    @Path("/batch")
    Response submitAll(InvoiceJobBatch jobs);

    /** A job (404 for order-service: it reads none): the warm-up's harmless call. */
    @GET
    @Path("/{id}")
    Response job(@PathParam("id") String id);
}
