package dev.brigade.deploy;

import static dev.brigade.deploy.Manifests.asMap;
import static dev.brigade.deploy.Manifests.list;
import static dev.brigade.deploy.Manifests.str;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Keycloak realm as deploy/keycloak/brigade-realm.json defines it: its name, its clients, and the import
 * placeholders ({@code ${VAR:default}}) that Keycloak fills from its environment when it imports the file.
 */
record Realm(Path file, String text, String name, Set<String> placeholders, List<Map<String, Object>> clients) {

    /** The one realm file: compose mounts it, the Kubernetes ConfigMap is generated from it, tools/keycloak.sh reads it. */
    static final String FILE = "keycloak/brigade-realm.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    static Realm load(Path deploy) {
        Path file = deploy.resolve(FILE);
        String text = App.read(file);
        // JSON is YAML: SnakeYAML reads it
        Map<String, Object> json = Manifests.parseAll(text).get(0);
        return new Realm(file, text, str(json.get("realm")), placeholdersIn(text),
                list(json, "clients").stream().map(Manifests::asMap).toList());
    }

    static Set<String> placeholdersIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    Optional<Map<String, Object>> client(String clientId) {
        return clients.stream().filter(c -> clientId.equals(str(c.get("clientId")))).findFirst();
    }

    /** The placeholder a client's field is made of ("${ORDER_SERVICE_CLIENT_SECRET:...}" gives that name), if any. */
    static Optional<String> placeholderOf(Object value) {
        Matcher m = PLACEHOLDER.matcher(value == null ? "" : str(value));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The issuer of this realm's tokens when Keycloak's public URL is {@code keycloakUrl}. */
    String issuer(String keycloakUrl) {
        return keycloakUrl + "/realms/" + name;
    }

    boolean isPublicBrowserClient(Map<String, Object> client) {
        return Boolean.TRUE.equals(client.get("publicClient")) && Boolean.TRUE.equals(client.get("standardFlowEnabled"))
                && !Boolean.FALSE.equals(client.get("enabled"));
    }

    static List<Object> redirectUris(Map<String, Object> client) {
        return list(asMap(client), "redirectUris");
    }
}
