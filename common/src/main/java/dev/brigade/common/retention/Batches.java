package dev.brigade.common.retention;

import java.util.function.IntSupplier;

/** The loop every service's clean-up runs: one batch after another, until a batch comes back short. */
public final class Batches {

    private Batches() {
    }

    /**
     * Runs {@code batch} (which handles at most {@code size} rows, in a transaction of its own, and answers how many
     * it handled) until it handles fewer than {@code size}; the number of rows handled in all.
     */
    public static int untilShort(int size, IntSupplier batch) {
        int total = 0;
        int handled;
        do {
            handled = batch.getAsInt();
            total += handled;
        } while (handled == size);
        return total;
    }
}
