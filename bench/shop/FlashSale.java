import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flash sale, as the integration test FlashSaleIT fires it: BUYERS checkouts of one unit at once for a product with
 * STOCK units, each buyer behaving like the page (a 503/429 with Retry-After is sent again after that wait, with the
 * same Idempotency-Key). One round per sale, each on a new product; prints one JSON line per round.
 *
 * <pre>java FlashSale.java --order=http://127.0.0.1:18382 --catalog=http://127.0.0.1:18381 --buyers=200 --stock=50 --rounds=5</pre>
 */
public class FlashSale {

    private static Map<String, String> args;

    record Outcome(int status, long millis, int busyAnswers) {
    }

    public static void main(String[] argv) throws Exception {
        args = Shop.args(argv);
        String order = args.getOrDefault("order", "http://127.0.0.1:8082");
        String catalog = args.getOrDefault("catalog", "http://127.0.0.1:8081");
        int buyers = Integer.parseInt(args.getOrDefault("buyers", "200"));
        int stock = Integer.parseInt(args.getOrDefault("stock", "50"));
        int rounds = Integer.parseInt(args.getOrDefault("rounds", "5"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        for (int round = 1; round <= rounds; round++) {
            long product = Shop.createProduct(http, catalog, "Bench Flash Sale Pan " + round, stock, args);
            String body = "{\"customer\":{\"name\":\"Bench Buyer\",\"email\":\"flash@example.com\"},"
                    + "\"lines\":[{\"productId\":" + product + ",\"quantity\":1}]}";
            long start = System.nanoTime();
            List<CompletableFuture<Outcome>> sale = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                sale.add(buy(http, order, body, UUID.randomUUID().toString(), start, new AtomicInteger()));
            }
            CompletableFuture.allOf(sale.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            List<Outcome> outcomes = sale.stream().map(CompletableFuture::join).toList();
            report(round, outcomes, stockOf(http, catalog, product));
        }
    }

    private static CompletableFuture<Outcome> buy(HttpClient http, String order, String body, String key, long start,
                                                  AtomicInteger busy) {
        HttpRequest request = Shop.as("customer", args, HttpRequest.newBuilder(URI.create(order + "/api/orders")))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Origin", "http://localhost:8000")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                return CompletableFuture.completedFuture(new Outcome(0, elapsedMs(start), busy.get()));
            }
            String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            boolean isBusy = (response.statusCode() == 503 || response.statusCode() == 429) && retryAfter != null;
            if (!isBusy || busy.incrementAndGet() > 30) {
                return CompletableFuture.completedFuture(new Outcome(response.statusCode(), elapsedMs(start), busy.get()));
            }
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(Long.parseLong(retryAfter), TimeUnit.SECONDS))
                    .thenCompose(ignored -> buy(http, order, body, key, start, busy));
        }).thenCompose(next -> next);
    }

    private static void report(int round, List<Outcome> outcomes, int stockLeft) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        outcomes.forEach(o -> statuses.merge(o.status(), 1, Integer::sum));
        long[] millis = outcomes.stream().mapToLong(Outcome::millis).sorted().toArray();
        long[] confirmed = outcomes.stream().filter(o -> o.status() == 201).mapToLong(Outcome::millis).sorted().toArray();
        long soldOutMs = confirmed.length == 0 ? 0 : confirmed[confirmed.length - 1];
        int shed = outcomes.stream().mapToInt(Outcome::busyAnswers).sum();
        System.out.printf("{\"round\":%d,\"confirmed\":%d,\"soldOutMs\":%d,\"confirmedPerSec\":%.1f,\"p50Ms\":%d,"
                        + "\"p99Ms\":%d,\"maxMs\":%d,\"shed\":%d,\"stockLeft\":%d,\"statuses\":%s}%n",
                round, confirmed.length, soldOutMs, soldOutMs == 0 ? 0.0 : confirmed.length * 1000.0 / soldOutMs,
                percentile(millis, 50), percentile(millis, 99), millis[millis.length - 1], shed, stockLeft,
                statuses.toString().replace('=', ':').replaceAll("(\\d+):", "\"$1\":").replace(" ", ""));
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long elapsedMs(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static int stockOf(HttpClient http, String catalog, long product) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(catalog + "/api/products/" + product)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Integer.parseInt(Shop.field(answer.body(), "stock"));
    }
}
