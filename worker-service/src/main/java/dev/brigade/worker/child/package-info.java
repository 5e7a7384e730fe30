/**
 * The program each brigade child runs ({@link dev.brigade.worker.child.ChildMain}, plain Java, no Quarkus) and
 * its job handlers.
 * <p>
 * To add a job type: write a class in {@code dev.brigade.worker.child.handlers} that implements
 * {@link dev.brigade.worker.child.JobHandler} ({@code type()} names it, {@code handle(payload, progress)} does the
 * work and returns a JSON-writable result or throws with a clear message), and add one line
 * {@code new MyHandler()} to {@link dev.brigade.worker.child.JobHandlers#all()}. The parent can list the types with
 * {@link dev.brigade.worker.child.JobHandlers#types()}. Handlers run in the child JVM: whatever they need must be a
 * dependency of worker-service (the child's class path is the service's), and they must not rely on CDI.
 */
package dev.brigade.worker.child;
