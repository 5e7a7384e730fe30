package dev.brigade.deploy;

import static dev.brigade.deploy.DeployManifestsTest.apps;
import static dev.brigade.deploy.DeployManifestsTest.assertNoProblems;
import static dev.brigade.deploy.DeployManifestsTest.check;
import static dev.brigade.deploy.DeployManifestsTest.clusterUrl;
import static dev.brigade.deploy.DeployManifestsTest.deploy;
import static dev.brigade.deploy.DeployManifestsTest.render;
import static dev.brigade.deploy.DeployManifestsTest.trim;
import static dev.brigade.deploy.KeycloakDeploymentTest.KEYCLOAK;
import static dev.brigade.deploy.KeycloakDeploymentTest.option;
import static dev.brigade.deploy.Manifests.asMap;
import static dev.brigade.deploy.Manifests.list;
import static dev.brigade.deploy.Manifests.map;
import static dev.brigade.deploy.Manifests.str;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s/overlays/production, what a real cluster applies once its own Secrets exist (deploy/README.md,
 * "Production: replacing the dev secrets"): it applies no Secret (the base's values are public), the Secrets its
 * workloads read are exactly the ones the README's {@code kubectl create secret} commands create, and the URLs the
 * browser uses are HTTPS and agree with each other and with Keycloak, which runs behind a TLS-terminating proxy.
 */
class ProductionOverlayTest {

    static final String PRODUCTION = "k8s/overlays/production";
    /** The heading of the README section that creates the production Secrets and applies the overlay. */
    static final String SECTION = "## Production";
    static final String APPLY = "kubectl apply -k deploy/" + PRODUCTION;
    /** Objects that run pods, whose pod template may read Secrets. */
    static final List<String> WORKLOADS = List.of("Deployment", "StatefulSet", "DaemonSet", "Job");
    /** What Keycloak's --proxy-headers must be behind a proxy that sets X-Forwarded-For/-Proto/-Host. */
    static final String PROXY_HEADERS = "xforwarded";

    private static final Pattern CREATE_SECRET =
            Pattern.compile("\\bkubectl\\s.*?\\bcreate\\s+secret\\s+generic\\s+([a-z0-9][a-z0-9.-]*)(.*)");
    private static final Pattern NAMESPACE = Pattern.compile("\\s(?:-n|--namespace)(?:=|\\s+)([a-z0-9][a-z0-9-]*)");
    private static final Pattern KEY = Pattern.compile("--from-(?:literal|file)=([A-Za-z0-9._-]+)=");
    /** A literal value as the command gives it: plain, or quoted (a command substitution then, not a known value). */
    private static final Pattern LITERAL = Pattern.compile("--from-literal=([A-Za-z0-9._-]+)=(\"[^\"]*\"|'[^']*'|\\S*)");
    /** The hash suffix kustomize gives a generated ConfigMap. */
    private static final Pattern HASHED = Pattern.compile("(.+)-[a-z0-9]{10}");

    static Realm realm;

    @BeforeAll
    static void readTheCode() throws IOException {
        if (apps == null) {
            DeployManifestsTest.readTheCode();
        }
        realm = Realm.load(deploy);
    }

    /**
     * A Secret the README creates: {@code kubectl -n NS create secret generic NAME --from-literal=KEY=...}; the values
     * given as plain literals (a user name), not those the shell makes ({@code "$(openssl rand -hex 16)"}).
     */
    record CreatedSecret(String name, String namespace, Set<String> keys, Map<String, String> literals) {
    }

    /** A workload's reference to a Secret: one key, or (key null) the whole Secret (envFrom, a volume). */
    record SecretReference(String where, String name, String key) {
    }

    @Test
    void theProductionOverlayRendersWithoutASecret() throws Exception {
        Manifests production = render(PRODUCTION);
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> secret : production.all("Secret")) {
            problems.add(PRODUCTION + ": applies Secret " + str(map(secret, "metadata").get("name")) + ", whose values "
                    + "would then be in Git: delete it there with a `$patch: delete` patch and create it outside Git "
                    + "(deploy/README.md, \"Production: replacing the dev secrets\")");
        }
        // the deletions take the Secrets and nothing else: every other object of the base is applied
        Set<String> expected = objectIds(render("k8s/base"));
        expected.removeIf(id -> id.startsWith("Secret/"));
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(objectIds(production));
        if (!missing.isEmpty()) {
            problems.add(PRODUCTION + ": does not apply " + missing + " of the base");
        }
        assertNoProblems(problems);
    }

    /**
     * Every Secret (and key) a workload of the overlay reads is created by the README's commands, in the overlay's
     * namespace, and every one the README creates is read: a renamed Secret or key drifts.
     */
    @Test
    void everySecretTheWorkloadsReadIsCreatedByTheReadme() throws Exception {
        Manifests production = render(PRODUCTION);
        List<String> problems = new ArrayList<>();
        String section = productionSection();
        if (!section.contains(APPLY)) {
            problems.add("deploy/README.md \"" + SECTION + "\": does not name the command `" + APPLY + "`");
        }
        Map<String, CreatedSecret> created = createdSecrets(section, problems);
        if (created.isEmpty()) {
            problems.add("deploy/README.md \"" + SECTION + "\": no `kubectl -n <namespace> create secret generic` command");
        }
        List<SecretReference> references = secretReferences(production);
        if (references.isEmpty()) {
            problems.add(PRODUCTION + ": no workload reads a Secret (has the way they are referenced changed?)");
        }

        for (SecretReference ref : references) {
            CreatedSecret secret = created.get(ref.name());
            if (secret == null) {
                problems.add(ref.where() + ": reads Secret " + ref.name() + ", which deploy/README.md's production "
                        + "commands do not create (`kubectl -n ... create secret generic " + ref.name() + " ...`)");
            } else if (ref.key() != null && !secret.keys().contains(ref.key())) {
                problems.add(ref.where() + ": reads key " + ref.key() + " of Secret " + ref.name()
                        + ", which deploy/README.md creates with the keys " + secret.keys() + " only");
            }
        }
        for (CreatedSecret secret : created.values()) {
            List<SecretReference> readers = references.stream().filter(r -> r.name().equals(secret.name())).toList();
            if (readers.isEmpty()) {
                problems.add("deploy/README.md creates Secret " + secret.name() + ", which no workload of " + PRODUCTION
                        + " reads (renamed?)");
            } else if (readers.stream().allMatch(r -> r.key() != null)) {
                Set<String> unread = new TreeSet<>(secret.keys());
                readers.forEach(r -> unread.remove(r.key()));
                if (!unread.isEmpty()) {
                    problems.add("deploy/README.md creates Secret " + secret.name() + " with the keys " + unread
                            + ", which no workload of " + PRODUCTION + " reads (renamed?)");
                }
            }
        }

        Set<String> namespaces = new TreeSet<>();
        for (String kind : WORKLOADS) {
            production.all(kind).forEach(w -> namespaces.add(String.valueOf(map(w, "metadata").get("namespace"))));
        }
        if (namespaces.size() != 1 || namespaces.contains("null")) {
            problems.add(PRODUCTION + ": the workloads are not in one namespace set by the overlay: " + namespaces);
        } else {
            String namespace = namespaces.iterator().next();
            for (CreatedSecret secret : created.values()) {
                check(problems, "deploy/README.md: the namespace Secret " + secret.name() + " is created in (-n), vs "
                        + PRODUCTION + "'s", namespace, secret.namespace());
            }
        }
        assertNoProblems(problems);
    }

    /**
     * The browser's URLs are the ones the kind overlay sets too, all HTTPS and none local; the in-cluster ones stay
     * the base's; the issuer is Keycloak's public URL, which is its --hostname, behind a proxy whose headers it reads.
     */
    @Test
    void theBrowsersUrlsAreHttpsAndAgreeWithKeycloak() throws Exception {
        Manifests production = render(PRODUCTION);
        List<String> problems = new ArrayList<>();
        Map<String, String> base = config(render("k8s/base"));
        Map<String, String> kind = config(render("k8s/overlays/kind"));
        Map<String, String> config = config(production);

        // what the browser is told: the keys the kind overlay changes for its NodePorts
        Set<String> browser = new TreeSet<>();
        base.forEach((key, value) -> {
            if (!Objects.equals(value, kind.get(key))) {
                browser.add(key);
            }
        });
        if (!browser.containsAll(Set.of("FRONTEND_ORIGINS", "PUBLIC_KEYCLOAK_URL", "OIDC_ISSUER"))) {
            problems.add("k8s/overlays/kind: does not set FRONTEND_ORIGINS, PUBLIC_KEYCLOAK_URL and OIDC_ISSUER in "
                    + "brigade-config (it sets " + browser + "): how does it tell the browser's URLs now?");
        }
        for (String key : new TreeSet<>(base.keySet())) {
            String value = config.get(key);
            if (!browser.contains(key)) {
                check(problems, PRODUCTION + " brigade-config " + key + " (in-cluster, as in the base)", base.get(key), value);
            } else if (value == null || !value.startsWith("https://") || value.matches("https://(localhost|127\\.0\\.0\\.1)\\b.*")) {
                problems.add(PRODUCTION + " brigade-config " + key + ": " + value + " is not this installation's own "
                        + "https:// URL (the browser's; the kind overlay sets it to " + kind.get(key) + ")");
            }
        }
        String page = trim(config.get("FRONTEND_ORIGINS"));
        if (page == null || !page.matches("https://[^/,\\s]+")) {
            problems.add(PRODUCTION + " brigade-config FRONTEND_ORIGINS: " + page + " is not one https:// origin (scheme "
                    + "and host, no path): it is the page's URL, the one origin the APIs answer and the realm redirects to");
        }
        String keycloakUrl = trim(config.get("PUBLIC_KEYCLOAK_URL"));
        check(problems, PRODUCTION + " brigade-config OIDC_ISSUER (PUBLIC_KEYCLOAK_URL's realm)",
                realm.issuer(keycloakUrl), trim(config.get("OIDC_ISSUER")));

        // Keycloak: that public URL is its --hostname; TLS ends at the proxy, whose X-Forwarded-* headers it reads
        String where = PRODUCTION + " Deployment " + KEYCLOAK;
        Map<String, Object> keycloak = Manifests.mainContainer(production.find("Deployment", KEYCLOAK).orElseThrow());
        Map<String, String> env = environment(production, where, keycloak, problems);
        List<String> args = new ArrayList<>();
        list(keycloak, "command").forEach(a -> args.add(str(a)));
        list(keycloak, "args").forEach(a -> args.add(str(a)));
        check(problems, where + ": --hostname (KC_HOSTNAME) vs PUBLIC_KEYCLOAK_URL", keycloakUrl,
                trim(option(args, env, "hostname").orElse(null)));
        check(problems, where + ": --proxy-headers (KC_PROXY_HEADERS), behind the TLS-terminating proxy", PROXY_HEADERS,
                option(args, env, "proxy-headers").orElse(null));
        check(problems, where + ": --http-enabled (TLS ends at the proxy)", "true",
                option(args, env, "http-enabled").orElse(null));
        String origin = KeycloakDeploymentTest.shopOriginVariable(problems);
        if (origin != null) {
            check(problems, where + ": " + origin + " (the page client's redirect origin) vs FRONTEND_ORIGINS", page,
                    trim(env.get(origin)));
        }

        // the applications are told the same URLs
        for (App app : apps) {
            String what = PRODUCTION + " Deployment " + app.module();
            Map<String, String> appEnv = environment(production, what,
                    Manifests.mainContainer(production.find("Deployment", app.module()).orElseThrow()), problems);
            if (app.variablesRead().contains("FRONTEND_ORIGINS")) {
                check(problems, what + ": FRONTEND_ORIGINS", page, trim(appEnv.get("FRONTEND_ORIGINS")));
            }
            if (app.variablesRead().contains(KeycloakDeploymentTest.ISSUER)) {
                check(problems, what + ": OIDC_ISSUER", realm.issuer(keycloakUrl), trim(appEnv.get(KeycloakDeploymentTest.ISSUER)));
            }
            if (app.variablesRead().contains(KeycloakDeploymentTest.AUTH_SERVER)) {
                check(problems, what + ": OIDC_AUTH_SERVER_URL (in-cluster)", realm.issuer(clusterUrl(production, KEYCLOAK)),
                        trim(appEnv.get(KeycloakDeploymentTest.AUTH_SERVER)));
            }
            if (app.module().equals("frontend-static")) {
                for (String service : List.of("CATALOG", "ORDER", "WORKER")) {
                    check(problems, what + ": " + service + "_URL (the browser's)", trim(config.get("PUBLIC_" + service + "_URL")),
                            trim(appEnv.get(service + "_URL")));
                }
            }
            if (app.module().equals("order-service")) {
                check(problems, what + ": WORKER_PUBLIC_URL (the browser's)", trim(config.get("PUBLIC_WORKER_URL")),
                        trim(appEnv.get("WORKER_PUBLIC_URL")));
            }
        }
        assertNoProblems(problems);
    }

    // ---------------------------------------------------------------- helpers

    /** The README section that tells how to run the production overlay, continuation lines joined. */
    static String productionSection() {
        String readme = App.read(deploy.resolve("README.md"));
        int start = readme.indexOf("\n" + SECTION);
        if (start < 0) {
            throw new AssertionError("deploy/README.md has no section \"" + SECTION + "...\": where are the production "
                    + "Secrets created now?");
        }
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end).replaceAll("\\\\\\r?\\n\\s*", " ");
    }

    /** The Secrets the section's {@code kubectl create secret generic} commands create, by name. */
    static Map<String, CreatedSecret> createdSecrets(String section, List<String> problems) {
        Map<String, CreatedSecret> created = new TreeMap<>();
        for (String line : section.split("\n")) {
            Matcher command = CREATE_SECRET.matcher(line);
            if (!command.find()) {
                continue;
            }
            Matcher namespace = NAMESPACE.matcher(line);
            Set<String> keys = new LinkedHashSet<>();
            Matcher key = KEY.matcher(command.group(2));
            while (key.find()) {
                keys.add(key.group(1));
            }
            Map<String, String> literals = new TreeMap<>();
            Matcher literal = LITERAL.matcher(command.group(2));
            while (literal.find()) {
                String value = literal.group(2).replaceAll("^([\"'])(.*)\\1$", "$2");
                if (!value.contains("$") && !value.contains("`")) {
                    literals.put(literal.group(1), value);
                }
            }
            CreatedSecret secret = new CreatedSecret(command.group(1), namespace.find() ? namespace.group(1) : null, keys,
                    literals);
            if (created.put(secret.name(), secret) != null) {
                problems.add("deploy/README.md \"" + SECTION + "\": creates Secret " + secret.name() + " twice");
            }
        }
        return created;
    }

    /** Every Secret the pod templates of the workloads read: env, envFrom, volumes, image pull Secrets. */
    static List<SecretReference> secretReferences(Manifests k8s) {
        return secretReferences(PRODUCTION, k8s);
    }

    /** The same, {@code where} naming the kustomization. */
    static List<SecretReference> secretReferences(String kustomization, Manifests k8s) {
        List<SecretReference> refs = new ArrayList<>();
        for (String kind : WORKLOADS) {
            for (Map<String, Object> workload : k8s.all(kind)) {
                String name = kind + "/" + str(map(workload, "metadata").get("name"));
                Map<String, Object> pod = Manifests.podSpec(workload);
                for (String containers : List.of("initContainers", "containers")) {
                    for (Object c : list(pod, containers)) {
                        Map<String, Object> container = asMap(c);
                        String where = kustomization + " " + name + " " + str(container.get("name"));
                        for (Object e : list(container, "env")) {
                            Map<String, Object> ref = map(map(asMap(e), "valueFrom"), "secretKeyRef");
                            if (!ref.isEmpty()) {
                                refs.add(new SecretReference(where + " " + str(asMap(e).get("name")), str(ref.get("name")),
                                        str(ref.get("key"))));
                            }
                        }
                        for (Object e : list(container, "envFrom")) {
                            Map<String, Object> ref = map(asMap(e), "secretRef");
                            if (!ref.isEmpty()) {
                                refs.add(new SecretReference(where + " envFrom", str(ref.get("name")), null));
                            }
                        }
                    }
                }
                for (Object v : list(pod, "volumes")) {
                    Map<String, Object> volume = asMap(v);
                    List<Map<String, Object>> sources = new ArrayList<>();
                    if (volume.containsKey("secret")) {
                        Map<String, Object> secret = map(volume, "secret");
                        sources.add(Map.of("name", String.valueOf(secret.get("secretName")), "items", list(secret, "items")));
                    }
                    for (Object s : list(map(volume, "projected"), "sources")) {
                        Map<String, Object> secret = map(asMap(s), "secret");
                        if (!secret.isEmpty()) {
                            sources.add(Map.of("name", String.valueOf(secret.get("name")), "items", list(secret, "items")));
                        }
                    }
                    for (Map<String, Object> source : sources) {
                        String where = kustomization + " " + name + " volume " + str(volume.get("name"));
                        List<Object> items = list(source, "items");
                        if (items.isEmpty()) {
                            refs.add(new SecretReference(where, str(source.get("name")), null));
                        }
                        items.forEach(i -> refs.add(new SecretReference(where, str(source.get("name")), str(asMap(i).get("key")))));
                    }
                }
                for (Object p : list(pod, "imagePullSecrets")) {
                    refs.add(new SecretReference(kustomization + " " + name + " imagePullSecrets", str(asMap(p).get("name")), null));
                }
            }
        }
        return refs;
    }

    /** The brigade-config ConfigMap's data (its generated name has a hash suffix). */
    static Map<String, String> config(Manifests k8s) {
        List<Map<String, Object>> found = k8s.all("ConfigMap").stream()
                .filter(cm -> baseName("ConfigMap", str(map(cm, "metadata").get("name"))).equals("brigade-config"))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one ConfigMap brigade-config, found " + found.size());
        }
        Map<String, String> data = new LinkedHashMap<>();
        map(found.get(0), "data").forEach((k, v) -> data.put(k, str(v)));
        return data;
    }

    /** The container's environment, its ConfigMap values resolved; the Secrets are the cluster's, not rendered. */
    private static Map<String, String> environment(Manifests k8s, String where, Map<String, Object> container,
            List<String> problems) {
        List<String> found = new ArrayList<>();
        Map<String, String> env = k8s.environment(where, container, found);
        found.stream().filter(p -> !p.contains(" Secret ")).forEach(problems::add);
        return env;
    }

    /** "Kind/name" of every object, a generated ConfigMap's hash suffix removed. */
    private static Set<String> objectIds(Manifests k8s) {
        Set<String> ids = new TreeSet<>();
        for (Map<String, Object> o : k8s.all()) {
            String kind = str(o.get("kind"));
            ids.add(kind + "/" + baseName(kind, str(map(o, "metadata").get("name"))));
        }
        return ids;
    }

    private static String baseName(String kind, String name) {
        Matcher m = HASHED.matcher(name);
        return kind.equals("ConfigMap") && m.matches() ? m.group(1) : name;
    }
}
