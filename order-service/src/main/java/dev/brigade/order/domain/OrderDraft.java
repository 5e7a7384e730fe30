package dev.brigade.order.domain;

import java.util.Locale;
import java.util.SortedMap;

import dev.brigade.common.idempotency.Fingerprint;

/**
 * A checkout request after validation: the signed-in customer (the subject of their token, their name and e-mail),
 * the quantities per product (duplicate lines already merged) and the currency the customer expects, if they named
 * one.
 */
public record OrderDraft(String customerSubject, String customerName, String customerEmail,
                         SortedMap<Long, Integer> quantities, String currency) {

    /** The same for two requests that ask for the same order, whatever the order of their lines. */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder()
                .append(customerSubject).append('\n')
                .append(customerName.trim()).append('\n')
                .append(customerEmail.trim().toLowerCase(Locale.ROOT)).append('\n')
                .append(currency == null ? "" : currency).append('\n');
        quantities.forEach((productId, quantity) -> canonical.append(productId).append('x').append(quantity).append(';'));
        return Fingerprint.of(canonical.toString());
    }
}
