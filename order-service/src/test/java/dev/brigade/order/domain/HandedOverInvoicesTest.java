package dev.brigade.order.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The checkouts' hand-over of their invoice jobs to the relay's invoice lane, without the lane. */
class HandedOverInvoicesTest {

    private static final Duration LINGER = Duration.ofMillis(200);

    @Test
    void aTakeGetsEveryMessageHandedOverSinceTheLastWithTheHighestMark() {
        HandedOverInvoices handedOver = new HandedOverInvoices(LINGER);
        handedOver.offer(message(1), 7);
        handedOver.offer(message(2), 5);

        HandedOverInvoices.Taken taken = handedOver.take();

        assertEquals(List.of(1L, 2L), ids(taken));
        assertEquals(7, taken.mark(), "the file must cover the later of the two commits");
        assertTrue(handedOver.take().messages().isEmpty(), "nothing twice");
    }

    @Test
    void afterATakeOfSeveralTheNextWaitsTheLingerForMoreCheckouts() {
        HandedOverInvoices handedOver = new HandedOverInvoices(LINGER);
        handedOver.offer(message(1), 1);
        handedOver.offer(message(2), 2);
        handedOver.take();
        handedOver.offer(message(3), 3);

        long start = System.nanoTime();
        HandedOverInvoices.Taken taken = handedOver.take();

        assertTrue(System.nanoTime() - start >= LINGER.toNanos(), "a busy shop's next take waits the linger");
        assertEquals(List.of(3L), ids(taken));
    }

    @Test
    void messagesAPollReadAlreadyAreNotTakenAgain() {
        HandedOverInvoices handedOver = new HandedOverInvoices(Duration.ZERO);
        handedOver.offer(message(1), 1);
        handedOver.offer(message(2), 2);

        handedOver.forget(Set.of(1L));

        assertEquals(List.of(2L), ids(handedOver.take()));
    }

    @Test
    void beyondItsCapacityAMessageIsLeftToThePoll() {
        HandedOverInvoices handedOver = new HandedOverInvoices(Duration.ZERO);
        for (long id = 1; id <= HandedOverInvoices.CAPACITY; id++) {
            assertTrue(handedOver.offer(message(id), id));
        }

        assertFalse(handedOver.offer(message(HandedOverInvoices.CAPACITY + 1L), 0));
        assertEquals(HandedOverInvoices.CAPACITY, handedOver.take().messages().size());
    }

    private static OutboxMessage message(long id) {
        OutboxMessage message = new OutboxMessage();
        message.id = id;
        message.kind = OutboxMessage.Kind.INVOICE_JOB;
        return message;
    }

    private static List<Long> ids(HandedOverInvoices.Taken taken) {
        return taken.messages().stream().map(message -> message.id).toList();
    }
}
