package dev.brigade.order.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A refusal for good gives an outbox message up at once; anything else is tried again. A token refused at the edge of
 * its life (401) must be tried again: giving up there lost invoices and let confirmed reservations expire.
 */
class RefusalsTest {

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 413, 422})
    void aRefusalOfTheRequestItselfIsForGood(int status) {
        assertTrue(Refusals.forGood(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 408, 429, 500, 502, 503})
    void aRefusedTokenATimeOutABusyOrAFailingServiceIsTriedAgain(int status) {
        assertFalse(Refusals.forGood(status));
    }
}
