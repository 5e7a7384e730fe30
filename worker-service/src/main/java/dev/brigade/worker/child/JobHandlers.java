package dev.brigade.worker.child;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.brigade.worker.child.handlers.CrashHandler;
import dev.brigade.worker.child.handlers.EchoHandler;
import dev.brigade.worker.child.handlers.HangHandler;
import dev.brigade.worker.child.handlers.InvoiceHandler;
import dev.brigade.worker.child.handlers.NoisyHandler;
import dev.brigade.worker.child.handlers.ReportHandler;
import dev.brigade.worker.child.handlers.SleepHandler;

/** The job types children run: one line per type. */
public final class JobHandlers {

    private JobHandlers() {
    }

    public static List<JobHandler> all() {
        return List.of(
                new EchoHandler(),
                new SleepHandler(),
                new CrashHandler(),
                new HangHandler(),
                new NoisyHandler(),
                new InvoiceHandler(),
                new ReportHandler());
    }

    /** The registered job types, e.g. for validating a submitted job in the parent. */
    public static java.util.Set<String> types() {
        return byType().keySet();
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
