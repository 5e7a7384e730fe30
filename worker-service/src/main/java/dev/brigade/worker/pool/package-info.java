/**
 * The brigade: a {@link dev.brigade.worker.pool.WorkerPool} of forked child JVMs that run jobs one at a time.
 *
 * <pre>
 * &#64;Inject WorkerPool pool;                      // a bean (config/WorkerPoolProducer), children forked at boot
 *
 * if (pool.freeCapacity() &gt; 0) {               // idle children minus queued jobs
 *     pool.submit(new JobRequest(id, "invoice", payload), new ProgressListener() {
 *         public void started(String jobId, int attempt, long pid) { ... RUNNING, attempt n }
 *         public void progress(String jobId, int percent, String message) { ... }
 *         public void retrying(String jobId, int failedAttempt, String reason) { ... }
 *     }).whenComplete((outcome, failure) -&gt; {
 *         // outcome.succeeded(): outcome.result() is the handler's JSON result
 *         // otherwise outcome.error() says why (handler error at once; timeout / child death after max attempts)
 *         // failure (RejectedExecutionException): the pool shut down before finishing it: leave it queued
 *     });
 * }
 * pool.onCapacity(() -&gt; dispatcher.wakeUp());   // a child became idle with nothing queued
 * </pre>
 * A {@code JobRequest} may carry the caller's span ({@code new JobRequest(id, type, payload, span.getSpanContext())}):
 * each attempt is then a span {@code child run <type>} under it, and the spans the child records (see worker-child's
 * {@code JobTrace}) are re-created under the attempt ({@code AttemptTrace}).
 *
 * <b>Parts.</b> {@link dev.brigade.worker.pool.WorkerPool} is the facade. Each slot has a
 * {@code ChildSupervisor} (fork, handshake, heartbeat, kill, restart with back-off); the {@code PoolDispatcher}
 * holds the queue, gives each idle child one job and retries a job whose child was lost; the
 * {@code ChildAotTrainer} writes the children's AOT cache once per build.
 * <p>
 * <b>One supervisor thread.</b> All of their state (slots, the queue, each job's attempt) is read and written on
 * one thread, to which child messages, exits and timers are posted. A child's message, its exit and its job's
 * time-out race each other; on one thread they happen in some order, each sees the others' effects, and no state
 * needs a lock or a compare-and-set. The work on that thread is bookkeeping (microseconds per event); what can
 * block runs elsewhere: writes to a child's stdin on sender threads (a full pipe blocks), listener callbacks and
 * outcomes on one events thread, in order.
 * <p>
 * Settings: {@code worker.pool.size}, {@code worker.job.timeout}, {@code worker.job.max-attempts},
 * {@code worker.heartbeat.*}, {@code worker.restart.*}, {@code worker.child.*}, {@code worker.shutdown.grace}
 * (see application.properties and {@link dev.brigade.worker.config.WorkerConfig}).
 */
package dev.brigade.worker.pool;
