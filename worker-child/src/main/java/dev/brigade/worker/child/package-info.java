/**
 * The program each brigade child runs ({@link dev.brigade.worker.child.ChildMain}, plain Java, no Quarkus) and
 * its job handlers.
 * <p>
 * To add a job type: write a class in {@code dev.brigade.worker.child.handlers} that implements
 * {@link dev.brigade.worker.child.JobHandler} ({@code type()} names it, {@code handle(payload, progress)} does the
 * work and returns a JSON-writable result or throws with a clear message), and add its name as one line to
 * {@code src/main/resources/META-INF/services/dev.brigade.worker.child.JobHandler}. Handlers run in the child JVM:
 * whatever they need must be a dependency of this module (the child's class path is this module's: the
 * child-process toolkit, Jackson, PDFBox), and they cannot use CDI. The diagnostic handlers (echo, sleep, crash,
 * hang, noisy) live in the test sources and reach worker-service's tests and the benchmarks through this module's
 * test jar; {@code POST /api/jobs} takes them only with {@code worker.jobs.diagnostic-types} on.
 */
package dev.brigade.worker.child;
