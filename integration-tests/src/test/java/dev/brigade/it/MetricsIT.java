package dev.brigade.it;

import static dev.brigade.it.CheckoutSagaIT.awaitInvoiceJob;
import static dev.brigade.it.CheckoutSagaIT.key;
import static dev.brigade.it.Shop.createProduct;
import static dev.brigade.it.Shop.order;
import static dev.brigade.it.Shop.placeOrder;
import static dev.brigade.it.Shop.worker;
import static dev.brigade.it.Wire.management;
import static dev.brigade.it.Wire.send;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.brigade.it.RunningServices.Service;
import dev.brigade.it.Wire.Answer;
import dev.brigade.testing.Metrics;

/**
 * The metrics an operator reads (README, "Observability", "Metrics") against the packaged services: every metric of
 * the README's table is served by its service with its labels, none is served that the table lacks, and a small load
 * (checkouts with their invoices, one sold out, a child killed) moves what it should.
 */
class MetricsIT {

    private static final Path README = Path.of(System.getProperty("brigade.root", "..")).resolve("README.md");
    private static final String SECTION = "### Metrics";
    private static final List<String> HISTOGRAM_SERIES = List.of("_bucket", "_count", "_sum");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** One row of the README's table. */
    record Documented(String name, String type, List<String> labels, Service service) {

        /** The series names it is served as. */
        List<String> series() {
            return type.equals("histogram") ? HISTOGRAM_SERIES.stream().map(suffix -> name + suffix).toList()
                    : List.of(name);
        }
    }

    @Test
    void everyDocumentedMetricIsServedAndALittleLoadMovesWhatItShould() {
        List<Documented> documented = documented();
        Map<Service, Metrics> before = scrapeAll();

        long spatula = createProduct("IT Metrics Spatula", 3, 900);
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            orderIds.add(placeOrder(key(), order(spatula, 1)).then().statusCode(201).extract().jsonPath().getString("id"));
        }
        placeOrder(key(), order(spatula, 1)).then().statusCode(409);
        for (String orderId : orderIds) {
            String jobId = awaitInvoiceJob(orderId);
            await().atMost(DEADLINE).untilAsserted(() -> worker().get("/api/jobs/" + jobId).then().statusCode(200)
                    .body("status", equalTo("SUCCEEDED")));
        }
        killAnIdleChild();

        // Counters move at once; the per-database gauges are read again every few seconds, the new child starts.
        Map<Service, Metrics> after = await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500))
                .until(MetricsIT::scrapeAll, now -> grew(before, now, Service.WORKER, "brigade_child_start_seconds_count") >= 1
                        && grew(before, now, Service.ORDER, "brigade_outbox_delivered_total") >= 6);

        assertServed(documented, after);
        assertNothingUndocumented(documented, after);
        // After the whole suite (the fuzzer's odd paths among it): no label carries a text a request chose.
        for (Map.Entry<Service, Metrics> served : after.entrySet()) {
            String longest = served.getValue().longestLabel();
            assertTrue(longest.length() <= 300, () -> served.getKey().module + " serves a label of " + longest.length()
                    + " characters: " + longest.substring(0, Math.min(400, longest.length())));
        }

        assertMoved(before, after, Service.ORDER, 3, "brigade_checkouts_total", "outcome", "confirmed");
        assertMoved(before, after, Service.ORDER, 1, "brigade_checkouts_total", "outcome", "sold_out");
        assertMoved(before, after, Service.ORDER, 6, "brigade_outbox_delivered_total"); // 3 invoices, 3 confirmations
        assertMoved(before, after, Service.WORKER, 3, "brigade_jobs_succeeded_total", "type", "invoice");
        assertMoved(before, after, Service.WORKER, 3, "brigade_job_queue_wait_seconds_count", "type", "invoice");
        assertMoved(before, after, Service.WORKER, 3, "brigade_job_run_seconds_count", "type", "invoice");
        assertMoved(before, after, Service.WORKER, 1, "brigade_children_restarts_total", "reason", "crashed");
        assertMoved(before, after, Service.WORKER, 1, "brigade_child_start_seconds_count");
        assertTrue(after.get(Service.WORKER).value("brigade_children_alive") >= 1, "children are up");
        assertEquals(0, after.get(Service.ORDER).value("brigade_outbox_given_up_total")
                - before.get(Service.ORDER).value("brigade_outbox_given_up_total"), "nothing was given up");
    }

    /** The rows of the README's table under {@value #SECTION}. */
    static List<Documented> documented() {
        List<String> lines;
        try {
            lines = Files.readAllLines(README);
        } catch (IOException e) {
            throw new IllegalStateException("the README is read from the checkout (-Dbrigade.root)", e);
        }
        int start = lines.indexOf(SECTION);
        assertTrue(start >= 0, "README.md has a section " + SECTION);
        List<Documented> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (line.startsWith("| `brigade_")) {
                List<String> cells = Arrays.stream(line.substring(1).split("\\|")).map(String::strip).toList();
                List<String> labels = cells.get(2).isEmpty() ? List.of()
                        : Arrays.stream(cells.get(2).split(",")).map(label -> label.strip().replace("`", "")).toList();
                rows.add(new Documented(cells.get(0).replace("`", ""), cells.get(1), labels, service(cells.get(3))));
            }
        }
        assertFalse(rows.isEmpty(), "the table under " + SECTION + " lists the metrics");
        return rows;
    }

    private static void assertServed(List<Documented> documented, Map<Service, Metrics> served) {
        List<String> problems = new ArrayList<>();
        for (Documented metric : documented) {
            Metrics metrics = served.get(metric.service());
            for (String series : metric.series()) {
                if (!metrics.has(series)) {
                    problems.add(metric.service().module + " serves no " + series);
                }
                for (String label : metric.labels()) {
                    if (metrics.has(series) && metrics.labelValues(series, label).isEmpty()) {
                        problems.add(metric.service().module + "'s " + series + " has no label " + label);
                    }
                }
            }
        }
        assertEquals(List.of(), problems, "the README's metrics table against /q/metrics");
    }

    private static void assertNothingUndocumented(List<Documented> documented, Map<Service, Metrics> served) {
        Set<String> undocumented = new TreeSet<>();
        for (Map.Entry<Service, Metrics> service : served.entrySet()) {
            for (String series : service.getValue().names()) {
                boolean listed = documented.stream().anyMatch(metric -> metric.service() == service.getKey()
                        && (metric.series().contains(series)
                        || metric.type().equals("histogram") && series.equals(metric.name() + "_max")));
                if (series.startsWith("brigade_") && !listed) {
                    undocumented.add(service.getKey().module + " " + series);
                }
            }
        }
        assertEquals(Set.of(), undocumented, "served but not in the README's metrics table");
    }

    private static void assertMoved(Map<Service, Metrics> before, Map<Service, Metrics> after, Service service,
                                    double atLeast, String name, String... labels) {
        double moved = grew(before, after, service, name, labels);
        assertTrue(moved >= atLeast, () -> service.module + " " + name + " " + String.join(",", labels)
                + " moved by " + moved + ", expected at least " + atLeast);
    }

    private static double grew(Map<Service, Metrics> before, Map<Service, Metrics> after, Service service, String name,
                               String... labels) {
        return after.get(service).value(name, labels) - before.get(service).value(name, labels);
    }

    private static Map<Service, Metrics> scrapeAll() {
        Map<Service, Metrics> scraped = new EnumMap<>(Service.class);
        for (Service service : List.of(Service.CATALOG, Service.ORDER, Service.WORKER)) {
            Answer answer = send(management(service, "/q/metrics").GET().build());
            assertEquals(200, answer.status(), () -> service.module + " /q/metrics: " + answer);
            scraped.put(service, Metrics.parse(answer.text()));
        }
        return scraped;
    }

    /** SIGKILL, as the kernel's OOM killer would: the supervisor replaces the child. */
    private static void killAnIdleChild() {
        long pid = await().atMost(DEADLINE).until(() -> worker().get("/api/workers").then().statusCode(200).extract()
                .jsonPath().getList("workers.findAll { it.state == 'idle' }.pid", Long.class), pids -> !pids.isEmpty())
                .getFirst();
        ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("child " + pid + " is not on this machine"))
                .destroyForcibly();
    }

    private static Service service(String module) {
        return Arrays.stream(Service.values()).filter(service -> service.module.equals(module)).findFirst()
                .orElseThrow(() -> new AssertionError("the metrics table names an unknown service: " + module));
    }
}
