package dev.brigade.worker.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.brigade.worker.pool.WorkerPool;

/** The brigade's state: each child and the pool totals. */
@Path("/api/workers")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerResource {

    private final WorkerPool pool;

    WorkerResource(WorkerPool pool) {
        this.pool = pool;
    }

    @GET
    public WorkersView list() {
        return WorkersView.of(pool.snapshot());
    }
}
