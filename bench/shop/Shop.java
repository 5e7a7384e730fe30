import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the shop scenarios share: their {@code --name=value} arguments, a product to sell, and JSON fields read. */
final class Shop {

    private Shop() {
    }

    static Map<String, String> args(String[] argv) {
        Map<String, String> args = new TreeMap<>();
        for (String a : argv) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        return args;
    }

    /**
     * {@code request} with {@code Authorization: Bearer <token>}, the token read from the file that the argument
     * {@code --<who>-token-file} names (bench/run.sh signs the dev users in at Keycloak); unchanged without one.
     */
    static HttpRequest.Builder as(String who, Map<String, String> args, HttpRequest.Builder request) {
        String file = args.get(who + "-token-file");
        try {
            return file == null ? request : request.header("Authorization", "Bearer " + Files.readString(Path.of(file)).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new product in the kitchen category at EUR 49.00, created by the staff member; its id. */
    static long createProduct(HttpClient http, String catalog, String name, int stock, Map<String, String> args)
            throws Exception {
        String json = "{\"name\":\"" + name + "\",\"description\":\"Made by bench/shop\",\"category\":\"kitchen\","
                + "\"priceCents\":4900,\"currency\":\"EUR\",\"stock\":" + stock + "}";
        HttpResponse<String> created = http.send(as("staff", args, HttpRequest.newBuilder(URI.create(catalog + "/api/products")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create the product: " + created.statusCode() + " " + created.body());
        }
        return Long.parseLong(field(created.body(), "id"));
    }

    /** The first field of this name in {@code json}, a number or a string, as text. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
