import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * From an order's 201 to its invoice PDF: RATE orders/s for SECONDS (a warm-up of WARMUP seconds first, not counted),
 * then each order's hops from the services' own timestamps, all on this machine's one clock:
 * order stored (order.createdAt) → job accepted by the worker (job.createdAt: the outbox relay) → job started in a
 * child (job.startedAt: the dispatcher and the queue) → job SUCCEEDED (job.finishedAt: the child renders the PDF).
 *
 * <pre>java OrderToInvoice.java --order=http://127.0.0.1:18482 --catalog=http://127.0.0.1:18481 --worker=http://127.0.0.1:18483 --rate=10 --seconds=30 --warmup=10</pre>
 * Prints one JSON line with p50/p99 per hop and end to end.
 */
public class OrderToInvoice {

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Shop.args(argv);
        String order = args.getOrDefault("order", "http://127.0.0.1:8082");
        String catalog = args.getOrDefault("catalog", "http://127.0.0.1:8081");
        String worker = args.getOrDefault("worker", "http://127.0.0.1:8083");
        double rate = Double.parseDouble(args.getOrDefault("rate", "10"));
        int seconds = Integer.parseInt(args.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(args.getOrDefault("warmup", "10"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        long product = Shop.createProduct(http, catalog, "Bench Invoice Pan", 1_000_000, args);
        String body = "{\"customer\":{\"name\":\"Bench Customer\",\"email\":\"invoice@example.com\"},"
                + "\"lines\":[{\"productId\":" + product + ",\"quantity\":1}]}";
        int total = (int) ((warmup + seconds) * rate);
        int firstMeasured = (int) (warmup * rate);
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        List<CompletableFuture<String>> placed = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            long wait;
            while ((wait = start + i * interval - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest request = Shop.as("customer", args, HttpRequest.newBuilder(URI.create(order + "/api/orders")))
                    .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            placed.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("checkout answered " + response.statusCode() + ": " + response.body());
                }
                return Shop.field(response.body(), "id");
            }));
        }
        List<String> orderIds = new ArrayList<>();
        for (int i = firstMeasured; i < total; i++) {
            orderIds.add(placed.get(i).get(2, TimeUnit.MINUTES));
        }

        int n = orderIds.size();
        double[] relay = new double[n], queue = new double[n], render = new double[n], endToEnd = new double[n];
        for (int i = 0; i < n; i++) {
            String[] times = awaitInvoice(http, order, worker, orderIds.get(i), args);
            OffsetDateTime stored = OffsetDateTime.parse(times[0]), accepted = OffsetDateTime.parse(times[1]);
            OffsetDateTime started = OffsetDateTime.parse(times[2]), finished = OffsetDateTime.parse(times[3]);
            relay[i] = millis(stored, accepted);
            queue[i] = millis(accepted, started);
            render[i] = millis(started, finished);
            endToEnd[i] = millis(stored, finished);
        }
        System.out.printf(java.util.Locale.ROOT, "{\"orders\":%d,\"rate\":%.1f,%s,%s,%s,%s}%n", n, rate,
                stats("relay", relay), stats("queue", queue), stats("render", render), stats("endToEnd", endToEnd));
    }

    /** order.createdAt, job.createdAt, job.startedAt, job.finishedAt of an order whose invoice SUCCEEDED. */
    private static String[] awaitInvoice(HttpClient http, String order, String worker, String orderId,
                                         Map<String, String> args) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5); // turns a lost invoice into an error
        while (System.nanoTime() < deadline) {
            String view = get(http, order + "/api/orders/" + orderId, args);
            String jobId = text(view, "invoiceJobId");
            if (jobId != null) {
                String job = get(http, worker + "/api/jobs/" + jobId, args);
                if ("SUCCEEDED".equals(text(job, "status"))) {
                    return new String[] {text(view, "createdAt"), text(job, "createdAt"), text(job, "startedAt"),
                            text(job, "finishedAt")};
                }
                if ("FAILED".equals(text(job, "status"))) {
                    throw new IllegalStateException("invoice job " + jobId + " FAILED: " + job);
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no invoice for order " + orderId + " within 5 minutes");
    }

    private static String stats(String name, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(java.util.Locale.ROOT, "\"%sP50Ms\":%.1f,\"%sP99Ms\":%.1f", name, percentile(sorted, 50),
                name, percentile(sorted, 99));
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double millis(OffsetDateTime from, OffsetDateTime to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static String get(HttpClient http, String url, Map<String, String> args) throws Exception {
        return http.send(Shop.as("customer", args, HttpRequest.newBuilder(URI.create(url))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String text(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }
}
