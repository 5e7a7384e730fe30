package dev.brigade.worker.child;

import static dev.brigade.worker.child.Payloads.invoice;
import static dev.brigade.worker.child.Payloads.itemLines;
import static dev.brigade.worker.child.Payloads.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.brigade.worker.child.handlers.InvoiceHandler;
import dev.brigade.worker.protocol.ChildSpan;
import dev.brigade.worker.protocol.Message;

/** What a child records of a job: nested steps, failures, the limits; and nothing for a job that is not traced. */
class JobTraceTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aStepInsideAnotherIsItsChildAndTheOuterOneIsTheJobsChild() throws Exception {
        JobTrace trace = JobTrace.forJob(TRACEPARENT);
        String result = trace.span("outer", outer -> {
            outer.attribute("brigade.things", 2);
            return trace.span("inner", inner -> "done");
        });

        assertEquals("done", result);
        List<ChildSpan> spans = trace.spans("j1").spans();
        assertEquals(List.of("outer", "inner"), spans.stream().map(ChildSpan::name).toList(), "parents first");
        ChildSpan outer = spans.get(0);
        ChildSpan inner = spans.get(1);
        assertEquals(0, outer.parent(), "the job's span");
        assertEquals(outer.id(), inner.parent());
        assertEquals(Map.of("brigade.things", 2L), outer.attributes());
        assertTrue(outer.startEpochNanos() <= inner.startEpochNanos() && inner.endEpochNanos() <= outer.endEpochNanos(),
                "the inner step runs within the outer one: " + spans);
        long now = System.currentTimeMillis() * 1_000_000L;
        assertTrue(Math.abs(now - outer.endEpochNanos()) < 60_000_000_000L, "epoch nanoseconds: " + outer);
    }

    @Test
    void aFailingStepIsRecordedWithItsErrorAndTheExceptionGoesOn() {
        JobTrace trace = JobTrace.forJob(TRACEPARENT);
        IOException thrown = assertThrows(IOException.class, () -> trace.span("render", render -> {
            return trace.span("page", page -> {
                throw new IOException("disk full");
            });
        }));

        assertEquals("disk full", thrown.getMessage());
        List<ChildSpan> spans = trace.spans("j1").spans();
        assertEquals("disk full", spans.get(0).error(), "the outer step failed by the inner one's exception");
        assertEquals("disk full", spans.get(1).error());
    }

    @Test
    void aJobBeyondTheLimitsSendsAtMost256SpansAndCountsTheRest() {
        JobTrace trace = JobTrace.forJob(TRACEPARENT);
        for (int i = 0; i < 300; i++) {
            trace.span("step", span -> span.attribute("brigade.text", "x".repeat(10_000))
                    .attribute("a1", 1).attribute("a2", 2).attribute("a3", 3).attribute("a4", 4)
                    .attribute("a5", 5).attribute("a6", 6).attribute("a7", 7).attribute("a8", 8));
        }

        Message.Spans sent = trace.spans("j1");
        assertEquals(ChildSpan.MAX_PER_JOB, sent.spans().size());
        assertEquals(300 - ChildSpan.MAX_PER_JOB, sent.dropped());
        ChildSpan first = sent.spans().get(0);
        assertEquals(ChildSpan.MAX_ATTRIBUTES, first.attributes().size());
        assertEquals(ChildSpan.MAX_TEXT, ((String) first.attributes().get("brigade.text")).length());
    }

    @Test
    void aJobWithoutATraceparentRecordsNothing() throws Exception {
        for (String traceparent : new String[] { null, "", "not-a-traceparent" }) {
            JobTrace trace = JobTrace.forJob(traceparent);
            assertEquals("ran", trace.span("step", span -> "ran"));
            assertNull(trace.spans("j1"), "no spans frame for " + traceparent);
        }
    }

    @Test
    void anInvoiceRecordsParseRenderAndEachPage() throws Exception {
        JobTrace trace = JobTrace.forJob(TRACEPARENT);
        new InvoiceHandler().handle(invoice("o-9", "Ada Lovelace", itemLines(100)), new RecordedProgress(), trace);

        List<ChildSpan> spans = trace.spans("j1").spans();
        ChildSpan parse = named(spans, "invoice parse").get(0);
        ChildSpan render = named(spans, "invoice render").get(0);
        List<ChildSpan> pages = named(spans, "invoice page");
        assertEquals(0, parse.parent());
        assertEquals(0, render.parent());
        assertEquals(100L, parse.attributes().get("brigade.invoice.lines"));
        assertEquals((long) pages.size(), render.attributes().get("brigade.invoice.pages"));
        assertTrue(pages.size() > 1, "100 lines take more than one page: " + spans);
        for (int i = 0; i < pages.size(); i++) {
            assertEquals(render.id(), pages.get(i).parent());
            assertEquals(i + 1L, pages.get(i).attributes().get("brigade.invoice.page"));
        }
    }

    @Test
    void anInvalidInvoiceLeavesAFailedParseSpanAndNoRender() {
        JobTrace trace = JobTrace.forJob(TRACEPARENT);
        assertThrows(IllegalArgumentException.class, () -> new InvoiceHandler().handle(
                invoice("o-9", "Ada Lovelace", line(7, "Teapot", -1, 1250)), new RecordedProgress(), trace));

        List<ChildSpan> spans = trace.spans("j1").spans();
        assertEquals(List.of("invoice parse"), spans.stream().map(ChildSpan::name).toList());
        assertEquals("line 1: quantity must be at least 1, was -1", spans.get(0).error());
    }

    private static List<ChildSpan> named(List<ChildSpan> spans, String name) {
        return spans.stream().filter(span -> span.name().equals(name)).toList();
    }
}
