package dev.brigade.worker.child.handlers;

import java.math.BigDecimal;

/** Money as a job payload carries it: whole cents (1/100 of the currency unit), never floating point. */
final class Money {

    private Money() {
    }

    /** {@code format(1250, "EUR")} is {@code "EUR 12.50"}; {@code format(-5, "EUR")} is {@code "EUR -0.05"}. */
    static String format(long cents, String currency) {
        return currency + " " + BigDecimal.valueOf(cents, 2).toPlainString();
    }
}
