package dev.brigade.worker.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.brigade.common.problem.ProblemException;
import dev.brigade.common.security.Caller;
import dev.brigade.common.security.Roles;
import dev.brigade.contracts.InvoiceJob;
import dev.brigade.contracts.InvoiceJobBatch;
import dev.brigade.worker.jobs.JobDispatcher;
import dev.brigade.worker.jobs.JobResult;
import dev.brigade.worker.jobs.JobStatus;
import dev.brigade.worker.jobs.JobStore;
import dev.brigade.worker.jobs.JobSubmission;
import dev.brigade.worker.jobs.JobTypes;
import dev.brigade.worker.jobs.JobView;
import io.quarkus.security.Authenticated;

/**
 * The durable job queue: submit a job, follow it (JSON or a live event stream), fetch the file it made. order-service
 * submits invoices for a customer, who then owns the job; staff run the other types. A job, its events and its file
 * are its owner's and staff's; to anyone else it does not exist (404).
 */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobStore store;
    private final JobTypes types;
    private final JobDispatcher dispatcher;
    private final JobEventStreams streams;
    private final Caller caller;

    JobResource(JobStore store, JobTypes types, JobDispatcher dispatcher, JobEventStreams streams, Caller caller) {
        this.store = store;
        this.types = types;
        this.dispatcher = dispatcher;
        this.streams = streams;
        this.caller = caller;
    }

    /** 202 with the new job; 200 with the existing one when its key was submitted before. */
    @Operation(operationId = "submitJob", summary = "Queues a job; the same key returns the job submitted with it")
    @APIResponse(responseCode = "200", description = "The same key and payload again: the same job")
    @APIResponse(responseCode = "202", description = "Queued")
    @APIResponse(responseCode = "413", description = "The payload is over its job type's limit (an invoice: 256 KiB)")
    @APIResponse(responseCode = "422", description = "The key was used for another job")
    @POST
    @RolesAllowed({Roles.ORDER_SERVICE, Roles.STAFF})
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(@Valid @NotNull JobSubmission submission,
                           @HeaderParam("Idempotency-Key") String idempotencyKey) {
        JobStore.Submitted submitted = store.submit(checked(submission, idempotencyKey));
        if (!submitted.samePayload()) {
            throw keyReused(submitted);
        }
        if (submitted.created()) {
            dispatcher.nudge();
        }
        JobView job = submitted.job();
        return Response.status(submitted.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/api/jobs/" + job.id()))
                .entity(job).build();
    }

    /**
     * Many jobs in one request and one write to the database (order-service's relay sends the invoices due at once),
     * each checked and answered as {@link #submit} would; a job refused does not stop the others.
     */
    @Operation(operationId = "submitJobs", summary = "Queues many jobs at once; each is answered as POST /api/jobs would")
    @APIResponse(responseCode = "200", description = "One answer per job, in their order: 202 queued, 200 the job its"
            + " key named before, or the problem that kept it from the queue (400, 403, 413, 422)")
    @APIResponse(responseCode = "400", description = "No jobs, more than " + InvoiceJobBatch.MAX_JOBS
            + ", or a job without a type or payload: nothing queued")
    @APIResponse(responseCode = "413", description = "The body is over 2 MiB: nothing queued")
    @POST
    @Path("batch")
    @RolesAllowed({Roles.ORDER_SERVICE, Roles.STAFF})
    @Consumes(MediaType.APPLICATION_JSON)
    public JobBatchAnswer submitBatch(@Valid @NotNull JobBatch batch) {
        JobBatchAnswer.Item[] answers = new JobBatchAnswer.Item[batch.jobs().size()];
        List<Integer> queued = new ArrayList<>();
        List<JobStore.NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < answers.length; i++) {
            try {
                jobs.add(checked(batch.jobs().get(i), null));
                queued.add(i);
            } catch (ProblemException e) {
                answers[i] = JobBatchAnswer.Item.refused(e.toProblem());
            }
        }
        List<JobStore.Submitted> submitted = jobs.isEmpty() ? List.of() : store.submitAll(jobs);
        for (int j = 0; j < submitted.size(); j++) {
            JobStore.Submitted job = submitted.get(j);
            answers[queued.get(j)] = job.samePayload() ? JobBatchAnswer.Item.of(job.job(), job.created())
                    : JobBatchAnswer.Item.refused(keyReused(job).toProblem());
        }
        if (submitted.stream().anyMatch(JobStore.Submitted::created)) {
            dispatcher.nudge();
        }
        return new JobBatchAnswer(List.of(answers));
    }

    /** The job to queue, once its type, payload, key and owner passed their checks. */
    private JobStore.NewJob checked(JobSubmission submission, String idempotencyKey) {
        String key = key(submission.key(), idempotencyKey);
        String payload = submission.payload().toString();
        types.check(submission.type(), submission.payload(), payload);
        return new JobStore.NewJob(submission.type(), payload, key, owner(submission), submission.traceParent());
    }

    private static ProblemException keyReused(JobStore.Submitted submitted) {
        return ProblemException.unprocessable("idempotency-key-reused",
                "Key '" + submitted.job().key() + "' was used for a different job (" + submitted.job().id() + ")");
    }

    @Operation(operationId = "listJobs", summary = "Jobs, newest first, optionally of one status")
    @GET
    @RolesAllowed(Roles.STAFF)
    public JobPage list(@QueryParam("status") JobStatus status,
                        @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
                        @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        JobStore.Page found = store.page(status, page, size);
        return new JobPage(found.items(), page, size, found.total());
    }

    @Operation(operationId = "getJob", summary = "One job: its status, progress and attempts")
    @GET
    @Authenticated
    @Path("{id}")
    public JobView get(@PathParam("id") String id) {
        return store.view(id).filter(job -> caller.mayRead(job.owner()))
                .orElseThrow(() -> ProblemException.notFound("Job", id));
    }

    /** The file the job made, e.g. an invoice PDF, with its media type and file name. */
    @Operation(operationId = "getJobResult", summary = "The file a job made (an invoice PDF, a report CSV)")
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "404", description = "No such job, or it has no result yet")
    @GET
    @Authenticated
    @Path("{id}/result")
    @Produces(MediaType.WILDCARD)
    public Response result(@PathParam("id") String id) {
        JobView job = get(id);
        JobResult result = store.result(id).orElseThrow(() -> new ProblemException(404, "no-result-yet", "Not found",
                "Job " + id + " has no result" + (job.status().isFinal() ? " (it is " + job.status() + ")"
                        : " yet: it is " + job.status() + ", follow /api/jobs/" + id + "/events")));
        return Response.ok(result.content, result.mediaType)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + safeFileName(result.fileName) + "\"")
                .build();
    }

    /**
     * Server-Sent Events: {@code state} when the status changes, {@code progress} as the handler reports it, each
     * with the whole job as data. Starts with the current state and ends after SUCCEEDED or FAILED.
     */
    @Operation(operationId = "streamJobEvents", summary = "The job's progress as Server-Sent Events until it ends")
    @APIResponse(responseCode = "200", description = "An event stream")
    @GET
    @Authenticated
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        get(id);
        streams.open(id, sink, sse);
    }

    /**
     * order-service submits invoices, each for the customer it names; staff submit the other types for themselves.
     */
    private String owner(JobSubmission submission) {
        boolean invoice = InvoiceJob.TYPE.equals(submission.type());
        if (caller.isOrderService()) {
            if (!invoice) {
                throw ProblemException.forbidden("order-service submits invoice jobs only");
            }
            if (submission.owner() == null) {
                throw ProblemException.invalidField("owner", "must name the customer (token subject) the invoice is for");
            }
            return submission.owner();
        }
        if (invoice) {
            throw ProblemException.forbidden("Invoices are submitted by order-service when an order is placed");
        }
        if (submission.owner() != null) {
            throw ProblemException.invalidField("owner", "only order-service submits a job for someone else");
        }
        return caller.subject();
    }

    private static String key(String bodyKey, String headerKey) {
        if (bodyKey != null && headerKey != null && !bodyKey.equals(headerKey)) {
            throw ProblemException.invalidField("key", "differs from the Idempotency-Key header; send one of them");
        }
        String key = bodyKey != null ? bodyKey : headerKey;
        if (key != null && (key.isBlank() || key.length() > 200)) {
            throw ProblemException.invalidField("key", "must be 1 to 200 characters");
        }
        return key;
    }

    private static String safeFileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
