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
 *
 * Settings: {@code worker.pool.size}, {@code worker.job.timeout}, {@code worker.job.max-attempts},
 * {@code worker.heartbeat.*}, {@code worker.restart.*}, {@code worker.child.*}, {@code worker.shutdown.grace}
 * (see application.properties and {@link dev.brigade.worker.config.WorkerConfig}).
 */
package dev.brigade.worker.pool;
