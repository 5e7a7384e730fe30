package dev.brigade.worker.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/** A {@link ProgressReporter} that keeps what it was told. */
final class RecordedProgress implements ProgressReporter {

    record Report(int percent, String message) {
    }

    final List<Report> reports = new ArrayList<>();

    @Override
    public void report(int percent, String message) {
        reports.add(new Report(percent, message));
    }

    /** At least {@code min} reports, never going back, each 0..100, the last at 100. */
    void assertMonotonicUpTo100(int min) {
        assertTrue(reports.size() >= min, "expected at least " + min + " progress reports: " + reports);
        int previous = 0;
        for (Report report : reports) {
            assertTrue(report.percent() >= previous && report.percent() <= 100, "progress went back: " + reports);
            assertTrue(report.message() != null && !report.message().isBlank(), "a report without text: " + reports);
            previous = report.percent();
        }
        assertEquals(100, reports.get(reports.size() - 1).percent(), reports.toString());
    }
}
