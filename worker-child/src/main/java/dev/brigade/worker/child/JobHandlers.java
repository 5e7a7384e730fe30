package dev.brigade.worker.child;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The job types on the class path, found with {@link ServiceLoader}: a new type is one {@link JobHandler} class and
 * one line in {@code META-INF/services/dev.brigade.worker.child.JobHandler}. The shop's types are in this module;
 * the diagnostic ones (they sleep, crash, hang or print garbage on purpose) live in its test sources, with a services
 * file of their own, so only the tests and the benchmarks have them.
 */
public final class JobHandlers {

    private JobHandlers() {
    }

    /** Every handler on the class path, the diagnostic ones included. */
    public static List<JobHandler> all() {
        return ServiceLoader.load(JobHandler.class, JobHandlers.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }

    /** The types the service offers on {@code POST /api/jobs}. */
    public static List<JobHandler> shop() {
        return all().stream().filter(handler -> !handler.diagnostic()).toList();
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
