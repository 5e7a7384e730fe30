import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed-rate (open model) load generator for POST /api/orders: wrk2 is not packaged by Debian and plain wrk is a
 * closed loop, which hides queueing. Requests leave on a fixed schedule whatever the responses do; latency is taken
 * from the moment a request was due, not the moment it left (no coordinated omission), so a stalled server shows up in
 * p99 instead of lowering the rate. Each order carries a fresh Idempotency-Key; orders take turns over the products.
 *
 * The warm-up ramps from a tenth of the rate to the full rate.
 *
 * <pre>java Checkout.java --url=http://127.0.0.1:8082 --products=1,2,3 --rate=200 --warmup=10 --duration=30 [--customer-token-file=F] [--started-file=F]</pre>
 * Prints one JSON line with the measured-phase numbers.
 */
public class Checkout {

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new TreeMap<>();
        for (String a : argv) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        URI orders = URI.create(args.getOrDefault("url", "http://127.0.0.1:8082") + "/api/orders");
        String[] products = args.getOrDefault("products", args.getOrDefault("product", "1")).split(",");
        double rate = Double.parseDouble(args.getOrDefault("rate", "200"));
        double warmupSeconds = Double.parseDouble(args.getOrDefault("warmup", "10"));
        double measureSeconds = Double.parseDouble(args.getOrDefault("duration", "30"));
        int maxInFlight = Integer.parseInt(args.getOrDefault("max-in-flight", "2000"));
        String origin = args.getOrDefault("origin", "http://localhost:8000");
        // The customer's access token, from a file (bench/run.sh signs a dev user in at Keycloak); none without it.
        TokenFile token = args.containsKey("customer-token-file")
                ? new TokenFile(Path.of(args.get("customer-token-file"))) : null;

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        // The warm-up ramps the rate up linearly from a tenth of it, so the services' JIT compilers (on a core they
        // share with the services) catch up before the measured phase at the full, fixed rate.
        long interval = (long) (1_000_000_000L / rate);
        List<Long> schedule = new ArrayList<>();
        double t = 0;
        while (t < warmupSeconds) {
            schedule.add((long) (t * 1e9));
            t += 1 / (rate * (0.1 + 0.9 * t / warmupSeconds));
        }
        long warmupCount = schedule.size();
        long warmupNanos = (long) (warmupSeconds * 1e9);
        long measuredCount = (long) (measureSeconds * rate);
        for (long i = 0; i < measuredCount; i++) {
            schedule.add(warmupNanos + i * interval);
        }
        long total = schedule.size();
        long[] latencyNs = new long[(int) measuredCount];
        long[] serviceNs = new long[latencyNs.length];
        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        LongAdder skipped = new LongAdder();
        LongAdder failures = new LongAdder();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        List<String> sampleErrors = java.util.Collections.synchronizedList(new ArrayList<>());

        long start = System.nanoTime() + 50_000_000L;
        if (args.containsKey("started-file")) {
            // When the schedule starts, by the wall clock: bench/run.sh opens its CPU window at the measured phase,
            // however long this program took to compile (a second on one machine, several on a slower one).
            Path started = Path.of(args.get("started-file"));
            Path written = Files.writeString(started.resolveSibling(started.getFileName() + ".tmp"),
                    Long.toString(System.currentTimeMillis() + 50));
            Files.move(written, started, StandardCopyOption.ATOMIC_MOVE);
        }
        long measureStart = start + warmupNanos;
        for (long i = 0; i < total; i++) {
            long due = start + schedule.get((int) i);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = i >= warmupCount;
            if (inFlight.get() >= maxInFlight) {
                if (measured) {
                    skipped.increment();
                }
                continue;
            }
            String body = "{\"customer\":{\"name\":\"Bench Customer\",\"email\":\"bench" + (i % 1000)
                    + "@example.com\"},\"lines\":[{\"productId\":" + products[(int) (i % products.length)] + ",\"quantity\":1}]}";
            HttpRequest.Builder builder = HttpRequest.newBuilder(orders);
            if (token != null) {
                builder.header("Authorization", "Bearer " + token.current());
            }
            HttpRequest request = builder
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Origin", origin)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            inFlight.incrementAndGet();
            long sent = System.nanoTime();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                inFlight.decrementAndGet();
                if (!measured) {
                    return;
                }
                if (error != null) {
                    failures.increment();
                    if (sampleErrors.size() < 3) {
                        sampleErrors.add(error.toString());
                    }
                } else {
                    statuses.computeIfAbsent(response.statusCode(), k -> new LongAdder()).increment();
                    if (response.statusCode() >= 400 && sampleErrors.size() < 3) {
                        sampleErrors.add(response.statusCode() + " " + truncate(response.body()));
                    }
                }
                int slot = recorded.getAndIncrement();
                latencyNs[slot] = now - due;
                serviceNs[slot] = now - sent;
            });
        }
        long lastDue = start + schedule.get((int) total - 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long measuredRequests = measuredCount;
        int n = recorded.get();
        long[] lat = Arrays.copyOf(latencyNs, n);
        long[] svc = Arrays.copyOf(serviceNs, n);
        Arrays.sort(lat);
        Arrays.sort(svc);
        long ok = statuses.getOrDefault(201, new LongAdder()).sum();
        double seconds = (lastDue - measureStart) / 1e9 + 1.0 / rate;
        StringBuilder status = new StringBuilder();
        new TreeMap<>(statuses).forEach((k, v) -> status.append(status.length() == 0 ? "" : ",")
                .append('"').append(k).append("\":").append(v.sum()));
        System.out.printf(java.util.Locale.ROOT,
                "{\"subject\":\"checkout\",\"targetRate\":%.1f,\"warmupRequests\":%d,\"scheduled\":%d,\"completed\":%d,\"created201\":%d,"
                        + "\"skippedOverloaded\":%d,\"failures\":%d,\"unfinished\":%d,\"statuses\":{%s},"
                        + "\"createdPerSec\":%.1f,\"p50Ms\":%.2f,\"p90Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,"
                        + "\"serviceP99Ms\":%.2f,\"errors\":%s}%n",
                rate, warmupCount, measuredRequests, n, ok, skipped.sum(), failures.sum(), inFlight.get(), status,
                ok / seconds, ms(pct(lat, 50)), ms(pct(lat, 90)), ms(pct(lat, 99)), ms(n == 0 ? 0 : lat[n - 1]),
                ms(pct(svc, 99)), json(sampleErrors));
        System.exit(0);
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
    }

    private static String json(List<String> strings) {
        StringBuilder out = new StringBuilder("[");
        synchronized (strings) {
            for (String s : strings) {
                out.append(out.length() > 1 ? "," : "").append('"')
                        .append(s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ")).append('"');
            }
        }
        return out.append(']').toString();
    }

    /**
     * A token file that bench/run.sh signs in again before the token expires (it lives 5 minutes): read again when
     * its modification time changes, looked at once a second at most.
     */
    static final class TokenFile {
        private final Path path;
        private String token;
        private FileTime modified;
        private long checkedAt;

        TokenFile(Path path) throws IOException {
            this.path = path;
            this.modified = Files.getLastModifiedTime(path);
            this.token = Files.readString(path).trim();
            this.checkedAt = System.nanoTime();
        }

        String current() throws IOException {
            long now = System.nanoTime();
            if (now - checkedAt > 1_000_000_000L) {
                checkedAt = now;
                FileTime seen = Files.getLastModifiedTime(path);
                if (!seen.equals(modified)) {
                    modified = seen;
                    token = Files.readString(path).trim();
                }
            }
            return token;
        }
    }
}
