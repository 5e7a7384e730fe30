package dev.brigade.order.domain;

/**
 * Fired inside a transaction that wrote outbox messages; right after the commit the relay delivers those that someone
 * waits for: an invoice job (the customer's invoice), handed over as written, and releases (stock back on sale).
 * Confirmations wait for the relay's poll, to go out many at a time ({@link ReservationConfirmations}).
 *
 * @param invoice  the invoice job message the transaction wrote, or null
 * @param releases whether it wrote a release
 */
public record OutboxNudge(OutboxMessage invoice, boolean releases) {

    static OutboxNudge invoiceJob(OutboxMessage invoice) {
        return new OutboxNudge(invoice, false);
    }

    static OutboxNudge release() {
        return new OutboxNudge(null, true);
    }
}
