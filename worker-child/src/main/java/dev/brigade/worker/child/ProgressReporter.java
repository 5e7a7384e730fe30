package dev.brigade.worker.child;

/** How a running job tells the parent how far it is. */
@FunctionalInterface
public interface ProgressReporter {

    /** @param percent 0..100 */
    void report(int percent, String message);
}
