package dev.brigade.order.domain;

/**
 * Fired inside a transaction that wrote outbox messages; right after the commit the relay delivers those that someone
 * waits for: an invoice job (the customer's invoice), a release (stock back on sale). Confirmations wait for the
 * relay's poll, to go out many at a time ({@link ReservationConfirmations}).
 */
public record OutboxNudge(boolean invoices, boolean releases) {

    static OutboxNudge invoiceJob() {
        return new OutboxNudge(true, false);
    }

    static OutboxNudge release() {
        return new OutboxNudge(false, true);
    }
}
