package dev.brigade.order.domain;

/** Fired inside a transaction that wrote outbox messages; the relay delivers them right after the commit. */
public record OutboxNudge() {
}
