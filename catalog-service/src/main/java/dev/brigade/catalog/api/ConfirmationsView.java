package dev.brigade.catalog.api;

import java.util.List;

/**
 * The answer to {@code POST /api/reservations/confirmations}: each id of the request in one list. {@code confirmed}:
 * its stock is its order's now (by this call or an earlier one); {@code released}: it holds no stock (released, or
 * its hold ran out) and cannot be confirmed; {@code unknown}: catalog never had it.
 */
public record ConfirmationsView(List<String> confirmed, List<String> released, List<String> unknown) {
}
