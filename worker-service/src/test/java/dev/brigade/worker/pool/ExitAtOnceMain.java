package dev.brigade.worker.pool;

/** A child that fails at start-up, for restart back-off tests. */
public class ExitAtOnceMain {

    public static void main(String[] args) {
        System.err.println("failing at start-up on purpose");
        System.exit(1);
    }
}
