package dev.brigade.deploy;

import static dev.brigade.deploy.DeployManifestsTest.apps;
import static dev.brigade.deploy.DeployManifestsTest.assertNoProblems;
import static dev.brigade.deploy.DeployManifestsTest.check;
import static dev.brigade.deploy.DeployManifestsTest.clusterUrl;
import static dev.brigade.deploy.DeployManifestsTest.containerPorts;
import static dev.brigade.deploy.DeployManifestsTest.deploy;
import static dev.brigade.deploy.DeployManifestsTest.exposedUrl;
import static dev.brigade.deploy.DeployManifestsTest.render;
import static dev.brigade.deploy.DeployManifestsTest.root;
import static dev.brigade.deploy.DeployManifestsTest.trim;
import static dev.brigade.deploy.Manifests.asMap;
import static dev.brigade.deploy.Manifests.list;
import static dev.brigade.deploy.Manifests.map;
import static dev.brigade.deploy.Manifests.str;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keycloak in deploy/ must agree with the realm file, with the services and with itself: one realm file (mounted in
 * compose, the Kubernetes ConfigMap generated from it), one Keycloak version (tools/keycloak.sh's), the issuer split
 * (services fetch the realm in-cluster, tokens carry the browser's URL), and every password or client secret taken
 * from a Secret in Kubernetes, the same one for the two sides of a credential.
 */
class KeycloakDeploymentTest {

    /** The public image, the base of the one Brigade runs. */
    static final String IMAGE = "quay.io/keycloak/keycloak";
    /** The image compose and Kubernetes run: {@link #DOCKERFILE} built on the public one, tagged with its version. */
    static final String BUILT_IMAGE = "brigade/keycloak";
    /** Builds Keycloak ahead for its build-time options (`kc.sh build`), so that it starts with `start --optimized`. */
    static final String DOCKERFILE = "keycloak/Dockerfile";
    /** The options the image must be built with: the database the deployments run, the probes' endpoints. */
    static final Map<String, String> REQUIRED_BUILD_OPTIONS = Map.of("db", "postgres", "health-enabled", "true");
    /** Where the image imports realm files from (--import-realm). */
    static final String IMPORT_DIR = "/opt/keycloak/data/import";
    /** The Deployment, Service and compose service. */
    static final String KEYCLOAK = "keycloak";
    /** The one place the project names its Keycloak version: the distribution run.sh and dev.sh start. */
    static final String VERSION_SOURCE = "tools/keycloak.sh";
    /** Variables whose value is a credential: never a literal or a ConfigMap value in Kubernetes. */
    static final Pattern CREDENTIAL = Pattern.compile(".*(PASSWORD|SECRET).*");
    static final String AUTH_SERVER = "OIDC_AUTH_SERVER_URL";
    static final String ISSUER = "OIDC_ISSUER";
    static final String CLIENT_ID = "OIDC_CLIENT_ID";

    static Realm realm;

    @BeforeAll
    static void readTheRealm() throws IOException {
        if (apps == null) {
            DeployManifestsTest.readTheCode();
        }
        realm = Realm.load(deploy);
    }

    // ---------------------------------------------------------------- the realm file

    @Test
    void theRealmFileIsTheOnlyOne() throws IOException {
        List<String> problems = new ArrayList<>();
        // the Kubernetes ConfigMap is generated from it by deploy/keycloak/kustomization.yaml, next to it
        Path kustomization = realm.file().resolveSibling("kustomization.yaml");
        boolean generated = Files.exists(kustomization) && list(Manifests.parseAll(App.read(kustomization)).get(0),
                "configMapGenerator").stream()
                .flatMap(g -> list(asMap(g), "files").stream())
                .map(f -> str(f).replaceFirst("^[^=]+=", ""))
                .anyMatch(f -> kustomization.resolveSibling(f).normalize().equals(realm.file().normalize()));
        if (!generated) {
            problems.add(root.relativize(kustomization) + ": no configMapGenerator reads " + root.relativize(realm.file()));
        }
        // no copy of it anywhere under deploy/
        try (Stream<Path> walk = Files.walk(deploy)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".json") && !f.equals(realm.file())).toList()) {
                String text = App.read(file);
                if (text.contains("\"realm\"") || text.equals(realm.text())) {
                    problems.add(root.relativize(file) + ": a second realm file; " + root.relativize(realm.file())
                            + " is the one (compose mounts it, the ConfigMap is generated from it)");
                }
            }
        }
        // its placeholders are the ones the deployments set and the services read
        String secretVariable = orderServiceSecretVariable(problems);
        if (secretVariable != null && !app("order-service").variablesRead().contains(secretVariable)) {
            problems.add("the realm's order-service client takes its secret from " + secretVariable
                    + ", which order-service does not read");
        }
        shopOriginVariable(problems);
        assertNoProblems(problems);
    }

    @Test
    void theKeycloakVersionIsNamedOnce() {
        // the other places (compose, Kubernetes) are checked against it by their own tests
        assertTrue(keycloakVersion().matches("\\d+\\.\\d+\\.\\d+.*"), "Keycloak version " + keycloakVersion());
    }

    /** The image is built ahead, FROM the public one of tools/keycloak.sh's version, for PostgreSQL and health. */
    @Test
    void theImageIsBuiltAheadFromThePublicOne() {
        Path file = deploy.resolve(DOCKERFILE);
        assertTrue(Files.exists(file), "deploy/" + DOCKERFILE + " is missing: compose and Kubernetes run its image");
        String dockerfile = App.read(file);
        List<String> problems = new ArrayList<>();
        String where = "deploy/" + DOCKERFILE;
        List<String> froms = DeployManifestsTest.instructions(dockerfile, "FROM");
        if (froms.isEmpty() || froms.stream().anyMatch(f -> !f.split("\\s+")[0].equals("${BASE_IMAGE}"))) {
            problems.add(where + ": every FROM must be ${BASE_IMAGE} (the public image, or a local stand-in): " + froms);
        }
        check(problems, where + ": ARG BASE_IMAGE (the public image of " + VERSION_SOURCE + "'s version)",
                List.of("BASE_IMAGE=" + IMAGE + ":" + keycloakVersion()),
                DeployManifestsTest.instructions(dockerfile, "ARG").stream().filter(a -> a.startsWith("BASE_IMAGE=")).toList());
        Map<String, String> built = imageBuildOptions();
        REQUIRED_BUILD_OPTIONS.forEach((name, value) ->
                check(problems, where + ": kc.sh build --" + name, value, built.get(name)));
        if (DeployManifestsTest.instructions(dockerfile, "COPY").stream()
                .noneMatch(c -> c.matches("--from=\\S+ /opt/keycloak/? /opt/keycloak/?"))) {
            problems.add(where + ": the last stage does not COPY --from=<the build stage> /opt/keycloak/ /opt/keycloak/");
        }
        assertNoProblems(problems);
    }

    // ---------------------------------------------------------------- Kubernetes

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k8s/base", "k8s/overlays/kind"})
    void kubernetesRunsKeycloakWithTheRealmFile(String kustomization) throws Exception {
        Manifests k8s = render(kustomization);
        List<String> problems = new ArrayList<>();
        String where = kustomization + " Deployment " + KEYCLOAK;
        Optional<Map<String, Object>> deployment = k8s.find("Deployment", KEYCLOAK);
        if (deployment.isEmpty()) {
            throw new AssertionError(where + ": missing");
        }
        Map<String, Object> pod = Manifests.podSpec(deployment.get());
        Map<String, Object> container = Manifests.mainContainer(deployment.get());
        Map<String, String> env = k8s.environment(where, container, problems);
        List<String> startArgs = new ArrayList<>();
        list(container, "command").forEach(a -> startArgs.add(str(a)));
        list(container, "args").forEach(a -> startArgs.add(str(a)));

        check(problems, where + ": image (deploy/" + DOCKERFILE + ", the version of " + VERSION_SOURCE + ")",
                BUILT_IMAGE + ":" + keycloakVersion(), str(container.get("image")));
        check(problems, where + ": production mode (`start`, first argument)", "start",
                startArgs.isEmpty() ? null : startArgs.get(0));
        checkOptimized(problems, where, startArgs, env);
        List<String> args = withImageBuildOptions(startArgs);
        checkOptions(problems, where, args, env, exposedUrl(kustomization, k8s, KEYCLOAK));

        // probes on the management port, which the Service does not expose
        Map<String, Integer> ports = containerPorts(container);
        int http = Integer.parseInt(option(args, env, "http-port").orElse("8080"));
        int management = Integer.parseInt(option(args, env, "http-management-port").orElse("9000"));
        for (String[] probe : new String[][] {{"readinessProbe", "/health/ready"}, {"livenessProbe", "/health/live"}}) {
            Map<String, Object> get = map(map(container, probe[0]), "httpGet");
            check(problems, where + ": " + probe[0] + " path", probe[1], get.get("path"));
            Object port = get.get("port");
            check(problems, where + ": " + probe[0] + " port (management)", management,
                    port instanceof Integer i ? i : ports.get(str(port)));
        }
        Optional<Map<String, Object>> service = k8s.find("Service", KEYCLOAK);
        if (service.isEmpty()) {
            problems.add(kustomization + " Service " + KEYCLOAK + ": missing");
        } else {
            List<Object> servicePorts = list(map(service.get(), "spec"), "ports");
            for (Object p : servicePorts) {
                Object target = asMap(p).getOrDefault("targetPort", asMap(p).get("port"));
                Integer targetPort = target instanceof Integer i ? i : ports.get(str(target));
                if (Integer.valueOf(management).equals(targetPort)) {
                    problems.add(kustomization + " Service " + KEYCLOAK + ": exposes the management port " + management
                            + " (health, metrics): probes reach it on the pod, nobody else needs it");
                }
            }
            Object first = servicePorts.isEmpty() ? null : asMap(servicePorts.get(0)).get("targetPort");
            check(problems, kustomization + " Service " + KEYCLOAK + ": first port's target (Keycloak's HTTP port)", http,
                    first instanceof Integer i ? i : ports.get(str(first)));
        }

        // the realm: a ConfigMap whose file is deploy/keycloak/brigade-realm.json, mounted where the image imports from
        String fileName = realm.file().getFileName().toString();
        Optional<String> realmInConfigMap = mountedFile(k8s, pod, container, IMPORT_DIR + "/" + fileName);
        if (realmInConfigMap.isEmpty()) {
            problems.add(where + ": no ConfigMap with " + fileName + " is mounted at " + IMPORT_DIR);
        } else if (!realmInConfigMap.get().equals(realm.text())) {
            problems.add(where + ": the realm mounted at " + IMPORT_DIR + " is not " + root.relativize(realm.file())
                    + " (generate the ConfigMap from that file: deploy/keycloak/kustomization.yaml)");
        }

        // the realm's placeholders, from the cluster's own values
        checkPlaceholders(problems, where, env, exposedUrl(kustomization, k8s, "frontend-static"));
        for (String variable : List.of("KC_BOOTSTRAP_ADMIN_USERNAME", "KC_BOOTSTRAP_ADMIN_PASSWORD")) {
            if (Manifests.secretSource(container, variable).isEmpty()) {
                problems.add(where + ": " + variable + " is not taken from a Secret");
            }
        }
        // both ends of order-service's client credentials read the same Secret key
        String secretVariable = orderServiceSecretVariable(problems);
        Map<String, Object> order = Manifests.mainContainer(k8s.find("Deployment", "order-service").orElseThrow());
        Optional<String> keycloakSide = Manifests.secretSource(container, secretVariable);
        Optional<String> orderSide = Manifests.secretSource(order, secretVariable);
        if (keycloakSide.isEmpty() || !keycloakSide.equals(orderSide)) {
            problems.add(kustomization + ": " + secretVariable + " must come from one Secret key for Keycloak and "
                    + "order-service: Keycloak has " + keycloakSide.orElse("no Secret") + ", order-service "
                    + orderSide.orElse("no Secret"));
        }
        checkDatabase(problems, where, env, Manifests.secretSource(container, "KC_DB_PASSWORD"),
                k8s.find("StatefulSet", "postgres").map(Manifests::mainContainer)
                        .map(postgres -> Manifests.secretSource(postgres,
                                postgresPasswordVariable(Optional.ofNullable(env.get("KC_DB_USERNAME")))))
                        .orElse(Optional.empty()));

        // runs like the apps: not as root, no escalation, a memory budget
        if (!Boolean.TRUE.equals(map(pod, "securityContext").get("runAsNonRoot"))) {
            problems.add(where + ": pod securityContext.runAsNonRoot is not true");
        }
        if (!Boolean.FALSE.equals(map(container, "securityContext").get("allowPrivilegeEscalation"))) {
            problems.add(where + ": container allowPrivilegeEscalation is not false");
        }
        Map<String, Object> resources = map(container, "resources");
        if (map(resources, "limits").get("memory") == null || map(resources, "requests").get("memory") == null) {
            problems.add(where + ": memory request and limit are required for a JVM");
        }
        assertNoProblems(problems);
    }

    /** Every service checks tokens against the realm: metadata in-cluster, issuer as the browser sees Keycloak. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k8s/base", "k8s/overlays/kind"})
    void kubernetesServicesTrustTheRealmsIssuer(String kustomization) throws Exception {
        Manifests k8s = render(kustomization);
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        for (App app : apps) {
            String where = kustomization + " Deployment " + app.module();
            k8s.find("Deployment", app.module()).ifPresent(d ->
                    environments.put(app.module(), k8s.environment(where, Manifests.mainContainer(d), problems)));
        }
        checkServices(problems, kustomization, environments, clusterUrl(k8s, KEYCLOAK), exposedUrl(kustomization, k8s, KEYCLOAK));
        assertNoProblems(problems);
    }

    /** A password or a client secret in a manifest is a Secret's, never a literal or a ConfigMap's. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k8s/base", "k8s/overlays/kind", ProductionOverlayTest.PRODUCTION})
    void everyCredentialComesFromASecret(String kustomization) throws Exception {
        Manifests k8s = render(kustomization);
        List<String> problems = new ArrayList<>();
        k8s.allContainers().forEach((where, container) -> {
            for (String variable : Manifests.envEntries(container).keySet()) {
                if (CREDENTIAL.matcher(variable).matches() && Manifests.secretSource(container, variable).isEmpty()) {
                    problems.add(kustomization + " " + where + ": " + variable + " is not taken from a Secret");
                }
            }
        });
        assertNoProblems(problems);
    }

    // ---------------------------------------------------------------- compose

    @Test
    void composeRunsKeycloakWithTheRealmFile() {
        Map<String, Object> services = map(Manifests.parseAll(App.read(deploy.resolve("compose.yaml"))).get(0), "services");
        List<String> problems = new ArrayList<>();
        String where = "compose.yaml " + KEYCLOAK;
        Map<String, Object> keycloak = map(services, KEYCLOAK);
        if (keycloak.isEmpty()) {
            throw new AssertionError(where + ": missing");
        }
        Map<String, String> env = composeEnvironment(keycloak);
        Object command = keycloak.get("command");
        List<String> startArgs = command instanceof List<?> l ? l.stream().map(Manifests::str).toList()
                : command == null ? List.of() : Arrays.asList(str(command).strip().split("\\s+"));

        check(problems, where + ": image (deploy/" + DOCKERFILE + ", the version of " + VERSION_SOURCE + ")",
                BUILT_IMAGE + ":" + keycloakVersion(), str(keycloak.get("image")));
        Map<String, Object> build = map(keycloak, "build");
        Object context = build.get("context");
        check(problems, where + ": build (deploy/" + DOCKERFILE + ")", deploy.resolve(DOCKERFILE).normalize(),
                context == null ? null : deploy.resolve(str(context)).resolve(String.valueOf(
                        build.getOrDefault("dockerfile", "Dockerfile"))).normalize());
        check(problems, where + ": production mode (`start`, first argument)", "start",
                startArgs.isEmpty() ? null : startArgs.get(0));
        checkOptimized(problems, where, startArgs, env);
        List<String> args = withImageBuildOptions(startArgs);
        int http = Integer.parseInt(option(args, env, "http-port").orElse("8080"));
        String published = publishedUrl(keycloak, http);
        if (published == null) {
            problems.add(where + ": Keycloak's HTTP port " + http + " is not published (ports: " + keycloak.get("ports") + ")");
        }
        checkOptions(problems, where, args, env, published);
        String health = String.valueOf(map(keycloak, "healthcheck").get("test"));
        String management = option(args, env, "http-management-port").orElse("9000");
        if (!health.contains("/health/ready") || !health.contains(management)) {
            problems.add(where + ": no health check on /health/ready at the management port " + management);
        }

        // the realm file itself, mounted where the image imports from
        boolean mounted = false;
        for (Object volume : list(keycloak, "volumes")) {
            String[] parts = str(volume).split(":");
            if (parts.length >= 2 && parts[0].startsWith(".")) {
                Path source = deploy.resolve(parts[0]).normalize();
                mounted |= source.equals(realm.file().normalize())
                        && parts[1].equals(IMPORT_DIR + "/" + realm.file().getFileName())
                        || source.equals(realm.file().getParent().normalize()) && parts[1].equals(IMPORT_DIR);
            }
        }
        if (!mounted) {
            problems.add(where + ": " + root.relativize(realm.file()) + " is not mounted at " + IMPORT_DIR
                    + " (volumes: " + keycloak.get("volumes") + ")");
        }

        Map<String, Object> page = map(services, "frontend-static");
        checkPlaceholders(problems, where, env,
                publishedUrl(page, app("frontend-static").port(composeEnvironment(page))));
        String secretVariable = orderServiceSecretVariable(problems);
        check(problems, "compose.yaml: " + secretVariable + " of Keycloak and of order-service (one dev-only value)",
                env.get(secretVariable), composeEnvironment(map(services, "order-service")).get(secretVariable));
        Map<String, String> postgres = composeEnvironment(map(services, "postgres"));
        checkDatabase(problems, where, env, Optional.ofNullable(env.get("KC_DB_PASSWORD")),
                Optional.ofNullable(postgres.get(postgresPasswordVariable(Optional.ofNullable(env.get("KC_DB_USERNAME"))))));

        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        for (App app : apps) {
            Map<String, Object> service = map(services, app.module());
            environments.put(app.module(), composeEnvironment(service));
            if (app.variablesRead().contains(AUTH_SERVER) && !map(service, "depends_on").containsKey(KEYCLOAK)
                    && !list(service, "depends_on").contains(KEYCLOAK)) {
                problems.add("compose.yaml " + app.module() + ": does not wait for " + KEYCLOAK + " (depends_on)");
            }
        }
        checkServices(problems, "compose.yaml", environments, "http://" + KEYCLOAK + ":" + http, published);
        assertNoProblems(problems);
    }

    // ---------------------------------------------------------------- shared checks

    /**
     * `start --optimized`: the image is built already, so no build step at start; a build-time option given at start
     * anyway must be the image's (a different value is ignored, with a warning, until the image is built again).
     */
    private static void checkOptimized(List<String> problems, String where, List<String> args, Map<String, String> env) {
        if (!args.contains("--optimized")) {
            problems.add(where + ": `start` without --optimized builds Keycloak again at every start (about two minutes "
                    + "on a small machine); the image is built ahead (deploy/" + DOCKERFILE + ")");
        }
        imageBuildOptions().forEach((name, value) -> option(args, env, name).filter(v -> !v.equals(value))
                .ifPresent(v -> problems.add(where + ": --" + name + "=" + v + " at start, but the image is built with --"
                        + name + "=" + value + " (deploy/" + DOCKERFILE + "): Keycloak keeps the image's value")));
    }

    /** The options of deploy/keycloak/Dockerfile's `kc.sh build` line, name to value (a bare flag is true). */
    static Map<String, String> imageBuildOptions() {
        Path file = deploy.resolve(DOCKERFILE);
        Map<String, String> options = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return options;
        }
        Matcher run = Pattern.compile("(?m)^RUN\\s+\\S*kc\\.sh\\s+build\\b(.*)$").matcher(App.read(file));
        while (run.find()) {
            for (String token : run.group(1).strip().split("\\s+")) {
                if (token.startsWith("--")) {
                    String[] pair = token.substring(2).split("=", 2);
                    options.put(pair[0], pair.length == 2 ? pair[1] : "true");
                }
            }
        }
        return options;
    }

    /** The start arguments with the image's build options in front: what the running Keycloak is configured with. */
    private static List<String> withImageBuildOptions(List<String> args) {
        List<String> all = new ArrayList<>();
        imageBuildOptions().forEach((name, value) -> all.add("--" + name + "=" + value));
        all.addAll(args);
        return all;
    }

    /** The options that make the issuer split work and the realm arrive: --hostname is the browser's URL. */
    private static void checkOptions(List<String> problems, String where, List<String> args, Map<String, String> env,
            String publicUrl) {
        if (!args.contains("--import-realm")) {
            problems.add(where + ": no --import-realm: the realm file would not be imported");
        }
        check(problems, where + ": --hostname (KC_HOSTNAME), the URL the browser uses and the tokens' issuer", publicUrl,
                trim(option(args, env, "hostname").orElse(null)));
        check(problems, where + ": --hostname-backchannel-dynamic (services call Keycloak at its internal address)",
                "true", option(args, env, "hostname-backchannel-dynamic").orElse(null));
        check(problems, where + ": --health-enabled (the probes)", "true", option(args, env, "health-enabled").orElse(null));
        if (args.contains("start")) {
            check(problems, where + ": --http-enabled (start serves HTTPS only without it)", "true",
                    option(args, env, "http-enabled").orElse(null));
        }
    }

    /** Every placeholder of the realm file is set; the page client's redirect origin is the page's URL. */
    private static void checkPlaceholders(List<String> problems, String where, Map<String, String> env, String pageUrl) {
        Set<String> missing = new TreeSet<>(realm.placeholders());
        missing.removeAll(env.keySet());
        if (!missing.isEmpty()) {
            problems.add(where + ": the realm file reads " + missing + " while it is imported, but they are not set "
                    + "(Keycloak would import the realm file's dev defaults)");
        }
        String origin = shopOriginVariable(problems);
        if (origin != null) {
            check(problems, where + ": " + origin + " (the page client's redirect URIs) vs the page's URL", pageUrl,
                    trim(env.get(origin)));
        }
    }

    /** Keycloak's database: created (with its user) by init-databases.sql, with the password Keycloak logs in with. */
    private static void checkDatabase(List<String> problems, String where, Map<String, String> env,
            Optional<String> keycloakPassword, Optional<String> postgresPassword) {
        String url = env.get("KC_DB_URL");
        if (url == null) {
            return;
        }
        String sql = App.read(deploy.resolve("k8s/base/postgres/init-databases.sql"));
        Matcher db = Pattern.compile("jdbc:postgresql://postgres:\\d+/([A-Za-z0-9_]+)").matcher(url);
        if (!db.find()) {
            problems.add(where + ": KC_DB_URL " + url + " is not a database of the postgres service");
            return;
        }
        if (!Pattern.compile("(?im)^CREATE DATABASE " + db.group(1) + "\\b").matcher(sql).find()) {
            problems.add(where + ": database " + db.group(1) + " is not created by init-databases.sql");
        }
        String user = env.get("KC_DB_USERNAME");
        if (user == null || !Pattern.compile("(?im)^CREATE (USER|ROLE) " + Pattern.quote(user) + "\\b").matcher(sql).find()) {
            problems.add(where + ": KC_DB_USERNAME " + user + " is not created by init-databases.sql");
        }
        if (keycloakPassword.isEmpty() || !keycloakPassword.equals(postgresPassword)) {
            problems.add(where + ": KC_DB_PASSWORD (" + keycloakPassword.orElse("unset") + ") and PostgreSQL's "
                    + postgresPasswordVariable(Optional.ofNullable(user)) + " (" + postgresPassword.orElse("unset")
                    + "), with which init-databases.sql creates the user, must be the same");
        }
    }

    /**
     * The services fetch the realm from Keycloak's internal URL and require the issuer of its public one; the page
     * signs in at the public one as a public client of the realm.
     */
    private static void checkServices(List<String> problems, String where, Map<String, Map<String, String>> environments,
            String internalUrl, String publicUrl) {
        for (App app : apps) {
            Map<String, String> env = environments.getOrDefault(app.module(), Map.of());
            String what = where + " " + app.module();
            if (app.variablesRead().contains(AUTH_SERVER)) {
                check(problems, what + ": " + AUTH_SERVER + " (Keycloak's internal URL)", realm.issuer(internalUrl),
                        trim(env.get(AUTH_SERVER)));
            }
            if (app.variablesRead().contains(ISSUER)) {
                check(problems, what + ": " + ISSUER + " (Keycloak's URL as the browser sees it)", realm.issuer(publicUrl),
                        trim(env.get(ISSUER)));
            }
            if (app.variablesRead().contains(CLIENT_ID)) {
                String clientId = env.get(CLIENT_ID);
                if (realm.client(String.valueOf(clientId)).filter(realm::isPublicBrowserClient).isEmpty()) {
                    problems.add(what + ": " + CLIENT_ID + " " + clientId + " is not a public client with the "
                            + "authorization code flow in " + root.relativize(realm.file()));
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** tools/keycloak.sh's KEYCLOAK_VERSION: the one place the project names the Keycloak it runs. */
    static String keycloakVersion() {
        Path script = root.resolve(VERSION_SOURCE);
        assertTrue(Files.exists(script), VERSION_SOURCE + " is missing: it names the project's Keycloak version, which "
                + "deploy/'s images must match");
        Matcher m = Pattern.compile("(?m)^\\s*(?:readonly\\s+)?KEYCLOAK_VERSION=[\"']?([0-9][^\"'\\s]*)[\"']?\\s*$")
                .matcher(App.read(script));
        assertTrue(m.find(), VERSION_SOURCE + " has no line KEYCLOAK_VERSION=<version>: where is the Keycloak version now? "
                + "(deploy/'s images must match it, deploy-tests reads it there)");
        return m.group(1);
    }

    /** The variable the realm's order-service client takes its secret from. */
    private static String orderServiceSecretVariable(List<String> problems) {
        Optional<String> variable = realm.client("order-service").flatMap(c -> Realm.placeholderOf(c.get("secret")));
        if (variable.isEmpty()) {
            problems.add(root.relativize(realm.file()) + ": the order-service client's secret is not a ${VAR:default} "
                    + "placeholder, so no deployment can set it");
            return "ORDER_SERVICE_CLIENT_SECRET";
        }
        return variable.get();
    }

    /** The variable the page client's redirect URIs are made of (its origin). */
    static String shopOriginVariable(List<String> problems) {
        Optional<String> variable = realm.clients().stream().filter(realm::isPublicBrowserClient)
                .flatMap(c -> Realm.redirectUris(c).stream())
                .map(Realm::placeholderOf).flatMap(Optional::stream).findFirst();
        if (variable.isEmpty()) {
            problems.add(root.relativize(realm.file()) + ": the page client's redirect URIs have no ${VAR:default} "
                    + "placeholder for the page's origin, so every deployment gets the file's default");
            return null;
        }
        return variable.get();
    }

    /**
     * The variable init-databases.sql reads the password of Keycloak's database user from (\getenv): the user the
     * Kubernetes Deployment names, else the script's user {@code keycloak}.
     */
    private static String postgresPasswordVariable(Optional<String> user) {
        return InitDatabases.load(deploy).passwordVariable(user.orElse(KEYCLOAK)).orElse("KEYCLOAK_DB_PASSWORD");
    }

    /**
     * A Keycloak option as an argument (--name=value, or the bare flag --name for true) or as its environment
     * variable (KC_NAME); an argument wins, as in Keycloak.
     */
    static Optional<String> option(List<String> args, Map<String, String> env, String name) {
        for (String arg : args) {
            if (arg.equals("--" + name)) {
                return Optional.of("true");
            }
            if (arg.startsWith("--" + name + "=")) {
                return Optional.of(arg.substring(name.length() + 3));
            }
        }
        return Optional.ofNullable(env.get("KC_" + name.replace('-', '_').toUpperCase()));
    }

    /** The file a ConfigMap volume puts at {@code path} in the container (a directory mount or a subPath one). */
    private static Optional<String> mountedFile(Manifests k8s, Map<String, Object> pod, Map<String, Object> container,
            String path) {
        for (Object m : list(container, "volumeMounts")) {
            Map<String, Object> mount = asMap(m);
            String mountPath = trimSlash(str(mount.get("mountPath")));
            String subPath = str(mount.get("subPath"));
            String key;
            if (subPath != null && mountPath.equals(path)) {
                key = subPath;
            } else if (subPath == null && path.startsWith(mountPath + "/")) {
                key = path.substring(mountPath.length() + 1);
            } else {
                continue;
            }
            for (Object v : list(pod, "volumes")) {
                Map<String, Object> volume = asMap(v);
                if (!str(volume.get("name")).equals(str(mount.get("name"))) || !volume.containsKey("configMap")) {
                    continue;
                }
                Map<String, Object> source = map(volume, "configMap");
                // items may rename a key to a path
                for (Object item : list(source, "items")) {
                    if (key.equals(str(asMap(item).get("path")))) {
                        key = str(asMap(item).get("key"));
                    }
                }
                String fileKey = key;
                return k8s.find("ConfigMap", str(source.get("name"))).map(cm -> str(map(cm, "data").get(fileKey)));
            }
        }
        return Optional.empty();
    }

    private static String trimSlash(String path) {
        return path == null ? "" : path.replaceAll("/+$", "");
    }

    private static Map<String, String> composeEnvironment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service, "environment").forEach((k, v) -> env.put(k, str(v)));
        return env;
    }

    /** http://localhost:HOST_PORT for the compose port mapping to {@code containerPort}, or null. */
    private static String publishedUrl(Map<String, Object> service, int containerPort) {
        for (Object mapping : list(service, "ports")) {
            String[] parts = str(mapping).split(":");
            if (parts.length >= 2 && Integer.parseInt(parts[parts.length - 1].replaceFirst("/.*", "")) == containerPort) {
                return "http://localhost:" + parts[parts.length - 2];
            }
        }
        return null;
    }

    private static App app(String module) {
        return DeployManifestsTest.app(module);
    }
}
