package dev.brigade.worker.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.brigade.common.security.Roles;
import dev.brigade.worker.pool.WorkerPool;

/** The brigade's state: each child and the pool totals. */
@Path("/api/workers")
@RolesAllowed(Roles.STAFF)
@Produces(MediaType.APPLICATION_JSON)
public class WorkerResource {

    private final WorkerPool pool;

    WorkerResource(WorkerPool pool) {
        this.pool = pool;
    }

    @Operation(operationId = "getWorkers", summary = "The brigade: each child JVM, its state and its jobs")
    @GET
    public WorkersView list() {
        return WorkersView.of(pool.snapshot());
    }
}
