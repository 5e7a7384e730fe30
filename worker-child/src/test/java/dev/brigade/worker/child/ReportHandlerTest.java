package dev.brigade.worker.child;

import static dev.brigade.worker.child.Payloads.order;
import static dev.brigade.worker.child.Payloads.report;
import static dev.brigade.worker.child.Payloads.reportLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.brigade.worker.child.handlers.ReportHandler;

/** The report handler called directly, on inputs small enough to add up by hand. */
class ReportHandlerTest {

    private static final String HEADER = "section,productId,name,date,orders,quantity,revenueCents\r\n";

    private final ReportHandler handler = new ReportHandler();

    @Test
    void addsUpPerProductAndPerDayOverTheRangeInUtc() throws Exception {
        ObjectNode payload = report("2026-11-01", "2026-11-03",
                order("o1", "2026-11-01T09:00:00Z",
                        reportLine("P1", "Teapot", 2, 1250),
                        reportLine("P2", "Cup, large", 1, 400)),
                // 2026-11-02T01:30 in UTC
                order("o2", "2026-11-01T23:30:00-02:00", reportLine("P2", "Cup, large", 3, 400)),
                order("o3", "2026-11-03T23:59:59Z", reportLine("P3", "The \"Best\" Spoon", 5, 150)),
                // the day before the range: skipped
                order("o4", "2026-10-31T23:59:59Z", reportLine("P1", "Teapot", 100, 1250)),
                // 2026-11-03T23:00 in UTC: the last day of the range
                order("o5", "2026-11-04T00:00:00+01:00", reportLine("P1", "Teapot", 1, 1250)),
                // the day after the range: skipped
                order("o6", "2026-11-04T00:00:00Z", reportLine("P3", "The \"Best\" Spoon", 7, 150)),
                // an order without lines still counts as an order of its day
                order("o7", "2026-11-02T10:00:00Z"));
        RecordedProgress progress = new RecordedProgress();
        Artifact artifact = handler.handle(payload, progress);

        assertEquals("report-2026-11-01-to-2026-11-03.csv", artifact.fileName());
        assertEquals("text/csv", artifact.mediaType());
        // P1: 2 x 12.50 (o1) + 1 x 12.50 (o5) = 3 pieces, 3750 cents
        // P2: 1 x 4.00 (o1) + 3 x 4.00 (o2) = 4 pieces, 1600 cents
        // P3: 5 x 1.50 (o3) = 5 pieces, 750 cents
        // 11-01: o1 -> 3 pieces, 2500 + 400 = 2900; 11-02: o2, o7 -> 3 pieces, 1200; 11-03: o3, o5 -> 6, 750 + 1250
        assertEquals(HEADER
                + "product,P1,Teapot,,,3,3750\r\n"
                + "product,P2,\"Cup, large\",,,4,1600\r\n"
                + "product,P3,\"The \"\"Best\"\" Spoon\",,,5,750\r\n"
                + "day,,,2026-11-01,1,3,2900\r\n"
                + "day,,,2026-11-02,2,3,1200\r\n"
                + "day,,,2026-11-03,2,6,2000\r\n",
                new String(artifact.content(), StandardCharsets.UTF_8));
        progress.assertMonotonicUpTo100(3);
    }

    @Test
    void equalRevenueIsOrderedByProductIdAndNamesKeepTheirUnicodeAndLineBreaks() throws Exception {
        ObjectNode payload = report("2026-11-24", "2026-11-24",
                order("o1", "2026-11-24T12:00:00Z",
                        reportLine("B", "Grüner Tee 🍵", 1, 500),
                        reportLine("A", "two\nlines", 2, 250),
                        reportLine("C", "free sample", 3, 0)));
        String csv = new String(handler.handle(payload, new RecordedProgress()).content(), StandardCharsets.UTF_8);
        assertEquals(HEADER
                + "product,A,\"two\nlines\",,,2,500\r\n"
                + "product,B,Grüner Tee 🍵,,,1,500\r\n"
                + "product,C,free sample,,,3,0\r\n"
                + "day,,,2026-11-24,1,6,1000\r\n", csv);
    }

    @Test
    void aNameASpreadsheetWouldRunAsAFormulaIsWrittenAsText() throws Exception {
        ObjectNode payload = report("2026-11-24", "2026-11-24",
                order("o1", "2026-11-24T12:00:00Z",
                        reportLine("A", "=HYPERLINK(\"http://evil.test\",\"click\")", 1, 100),
                        reportLine("B", "@SUM(A1:A9)", 1, 100),
                        reportLine("C", "-2+3", 1, 100)));
        String csv = new String(handler.handle(payload, new RecordedProgress()).content(), StandardCharsets.UTF_8);
        assertEquals(HEADER
                + "product,A,\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"click\"\")\",,,1,100\r\n"
                + "product,B,\"'@SUM(A1:A9)\",,,1,100\r\n"
                + "product,C,\"'-2+3\",,,1,100\r\n"
                + "day,,,2026-11-24,1,3,300\r\n", csv);
    }

    @Test
    void nothingInRangeGivesTheHeaderOnly() throws Exception {
        ObjectNode payload = report("2026-01-01", "2026-01-31",
                order("o1", "2026-02-01T00:00:00Z", reportLine("P1", "Teapot", 1, 1250)));
        assertEquals(HEADER, new String(handler.handle(payload, new RecordedProgress()).content(),
                StandardCharsets.UTF_8));
    }

    @Test
    void progressIsToldPerChunkOfOrders() throws Exception {
        ObjectNode[] orders = new ObjectNode[25];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = order("o" + i, "2026-11-24T12:00:00Z", reportLine("P1", "Teapot", 1, 100));
        }
        RecordedProgress progress = new RecordedProgress();
        handler.handle(report("2026-11-24", "2026-11-24", orders), progress);
        progress.assertMonotonicUpTo100(10);
        assertTrue(progress.reports.stream().anyMatch(r -> r.message().equals("24 of 25 orders added up")),
                progress.reports.toString());
    }

    @Test
    void fromAfterToFails() {
        assertInvalid("from (2026-11-05) is after to (2026-11-01)", report("2026-11-05", "2026-11-01"));
    }

    @Test
    void unparseableDatesFail() {
        assertInvalid("from must be a date like 2026-11-24 (YYYY-MM-DD), was '2026-13-01'",
                report("2026-13-01", "2026-12-01"));
        assertInvalid("to must be a date like 2026-11-24 (YYYY-MM-DD), was 'yesterday'",
                report("2026-11-01", "yesterday"));
        assertInvalid("order o1: createdAt must be an ISO-8601 date-time with an offset (2026-11-24T10:15:30Z), "
                + "was '2026-11-02 10:00'",
                report("2026-11-01", "2026-11-30", order("o1", "2026-11-02 10:00", reportLine("P1", "T", 1, 1))));
    }

    @Test
    void aNegativeQuantityFailsNamingTheOrderAndLine() {
        assertInvalid("order o2 line 2: quantity must not be negative, was -3",
                report("2026-11-01", "2026-11-30",
                        order("o1", "2026-11-02T10:00:00Z", reportLine("P1", "Teapot", 1, 100)),
                        order("o2", "2026-11-03T10:00:00Z", reportLine("P1", "Teapot", 1, 100),
                                reportLine("P2", "Cup", -3, 100))));
    }

    @Test
    void aNegativeUnitPriceFails() {
        assertInvalid("order o1 line 1: unit price must not be negative, was -100 cents",
                report("2026-11-01", "2026-11-30",
                        order("o1", "2026-11-02T10:00:00Z", reportLine("P1", "Teapot", 1, -100))));
    }

    @Test
    void itNamesTheFieldsTheServiceChecksAtSubmit() {
        assertEquals("report", handler.type());
        assertEquals(List.of("/from", "/to", "/orders"), handler.requiredFields());
        assertTrue(JobHandlers.shop().stream().anyMatch(registered -> registered.type().equals("report")));
    }

    private void assertInvalid(String message, ObjectNode payload) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> handler.handle(payload, new RecordedProgress()));
        assertEquals(message, e.getMessage());
    }
}
