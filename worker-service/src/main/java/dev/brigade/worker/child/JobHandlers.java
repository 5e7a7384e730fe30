package dev.brigade.worker.child;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.brigade.worker.child.handlers.CrashHandler;
import dev.brigade.worker.child.handlers.EchoHandler;
import dev.brigade.worker.child.handlers.HangHandler;
import dev.brigade.worker.child.handlers.InvoiceHandler;
import dev.brigade.worker.child.handlers.NoisyHandler;
import dev.brigade.worker.child.handlers.ReportHandler;
import dev.brigade.worker.child.handlers.SleepHandler;

/** The job types children run. A new type is one class in {@code handlers} and one line in {@link #shop()}. */
public final class JobHandlers {

    private JobHandlers() {
    }

    /** The types the service offers on {@code POST /api/jobs}: one line per type. */
    public static List<JobHandler> shop() {
        return List.of(
                new InvoiceHandler(),
                new ReportHandler());
    }

    /**
     * Types that sleep, crash, hang or print garbage on purpose, for the tests and the benchmarks. Children always
     * run them; {@code POST /api/jobs} accepts them only with {@code worker.jobs.diagnostic-types=true}.
     */
    public static List<JobHandler> diagnostics() {
        return List.of(
                new EchoHandler(),
                new SleepHandler(),
                new CrashHandler(),
                new HangHandler(),
                new NoisyHandler());
    }

    public static List<JobHandler> all() {
        return Stream.concat(shop().stream(), diagnostics().stream()).toList();
    }

    static Map<String, JobHandler> byType() {
        Map<String, JobHandler> handlers = new LinkedHashMap<>();
        for (JobHandler handler : all()) {
            if (handlers.put(handler.type(), handler) != null) {
                throw new IllegalStateException("two handlers for job type " + handler.type());
            }
        }
        return handlers;
    }
}
