package dev.brigade.deploy;

import static dev.brigade.deploy.Manifests.asMap;
import static dev.brigade.deploy.Manifests.list;
import static dev.brigade.deploy.Manifests.map;
import static dev.brigade.deploy.Manifests.str;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/ must agree with the code: a port, a variable, an image name or an origin that drifts fails the build.
 * Reads the services' own pom.xml and application.properties, the Dockerfiles, deploy/compose.yaml and the
 * Kubernetes manifests as `kubectl kustomize` renders them.
 */
class DeployManifestsTest {

    static final String READY = "/q/health/ready";
    static final String LIVE = "/q/health/live";
    /** Variables a deployment may set that no application.properties names: read by the image's entry point. */
    static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS");

    static Path root;
    static Path deploy;
    static List<App> apps;

    @BeforeAll
    static void readTheCode() throws IOException {
        root = Path.of(System.getProperty("brigade.root", "..")).toAbsolutePath().normalize();
        deploy = root.resolve("deploy");
        String pom = App.read(root.resolve("pom.xml"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        apps = new ArrayList<>();
        while (m.find()) {
            Path properties = root.resolve(m.group(1)).resolve("src/main/resources/application.properties");
            if (Files.exists(properties) && App.read(properties).contains("quarkus.http.port=")) {
                apps.add(App.load(root, m.group(1)));
            }
        }
    }

    @Test
    void theServicesAreFound() {
        Set<String> modules = apps.stream().map(App::module).collect(Collectors.toSet());
        assertTrue(modules.containsAll(Set.of("catalog-service", "order-service", "worker-service", "frontend-static")),
                "applications found in the root pom: " + modules);
    }

    @Test
    void everyYamlFileUnderDeployParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(deploy)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList();
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            try {
                Manifests.parseAll(App.read(file));
            } catch (RuntimeException e) {
                throw new AssertionError(root.relativize(file) + " is not valid YAML: " + e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------- Kubernetes

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k8s/base", "k8s/overlays/kind"})
    void kubernetesRunsEveryAppAsItsCodeSays(String kustomization) throws Exception {
        Manifests k8s = render(kustomization);
        List<String> problems = new ArrayList<>();
        for (App app : apps) {
            String where = kustomization + " Deployment " + app.module();
            Optional<Map<String, Object>> found = k8s.find("Deployment", app.module());
            if (found.isEmpty()) {
                problems.add(where + ": missing");
                continue;
            }
            Map<String, Object> pod = Manifests.podSpec(found.get());
            Map<String, Object> container = Manifests.mainContainer(found.get());
            Map<String, String> env = k8s.environment(where, container, problems);

            check(problems, where + ": image", app.image(), str(container.get("image")));

            int port = app.port(env);
            check(problems, where + ": the port the app listens on with this environment vs its documented port",
                    app.defaultPort(), port);
            Map<String, Integer> ports = containerPorts(container);
            if (!ports.containsValue(port)) {
                problems.add(where + ": no containerPort " + port + " (has " + ports + ")");
            }

            int management = app.managementPort(env);
            if (!ports.containsValue(management)) {
                problems.add(where + ": no containerPort " + management + " for the probes (/q/* is served there)");
            }
            checkProbe(problems, where, container, "readinessProbe", READY, ports, management);
            checkProbe(problems, where, container, "livenessProbe", LIVE, ports, management);
            if (!app.hasHealth()) {
                problems.add(where + ": probes on /q/health but " + app.module() + " has no quarkus-smallrye-health");
            }

            Set<String> missing = new TreeSet<>(app.variablesRead());
            missing.removeAll(env.keySet());
            if (!missing.isEmpty()) {
                problems.add(where + ": the app reads " + missing + " but the Deployment does not set them");
            }
            for (String variable : env.keySet()) {
                if (!app.reads(variable) && !IMAGE_VARIABLES.contains(variable)) {
                    problems.add(where + ": sets " + variable + ", which " + app.module() + " does not read (a typo?)");
                }
            }

            Map<String, Object> podSecurity = map(pod, "securityContext");
            if (!Boolean.TRUE.equals(podSecurity.get("runAsNonRoot"))) {
                problems.add(where + ": pod securityContext.runAsNonRoot is not true");
            }
            if (!Boolean.FALSE.equals(map(container, "securityContext").get("allowPrivilegeEscalation"))) {
                problems.add(where + ": container allowPrivilegeEscalation is not false");
            }
            if (Boolean.TRUE.equals(map(container, "securityContext").get("readOnlyRootFilesystem"))) {
                Set<String> mounted = list(container, "volumeMounts").stream()
                        .map(m -> str(asMap(m).get("mountPath"))).collect(Collectors.toSet());
                for (String dir : app.writableDirectories()) {
                    if (mounted.stream().noneMatch(dir::startsWith)) {
                        problems.add(where + ": the app writes under " + dir + " but the root file system is read-only "
                                + "and no volume is mounted there (mounted: " + mounted + ")");
                    }
                }
            }
            Map<String, Object> resources = map(container, "resources");
            if (map(resources, "limits").get("memory") == null || map(resources, "requests").get("memory") == null) {
                problems.add(where + ": memory request and limit are required for a JVM");
            }

            Optional<Map<String, Object>> service = k8s.find("Service", app.module());
            if (service.isEmpty()) {
                problems.add(kustomization + " Service " + app.module() + ": missing");
            } else {
                for (Object p : list(map(service.get(), "spec"), "ports")) {
                    Object target = asMap(p).getOrDefault("targetPort", asMap(p).get("port"));
                    Integer targetPort = target instanceof Integer i ? i : ports.get(str(target));
                    check(problems, kustomization + " Service " + app.module() + ": targetPort", port, targetPort);
                }
            }
        }
        assertNoProblems(problems);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k8s/base", "k8s/overlays/kind"})
    void theWorkerHasRoomForItsChildrenAndADisruptionBudget(String kustomization) throws Exception {
        Manifests k8s = render(kustomization);
        List<String> problems = new ArrayList<>();
        App worker = app("worker-service");
        Map<String, Object> deployment = k8s.find("Deployment", worker.module()).orElseThrow();
        Map<String, Object> container = Manifests.mainContainer(deployment);
        Map<String, String> env = k8s.environment(kustomization, container, problems);

        int pool = Integer.parseInt(env.getOrDefault("WORKER_POOL_SIZE", "0").strip());
        String childOptions = env.getOrDefault("WORKER_CHILD_JVM_OPTIONS",
                worker.properties().getProperty("worker.child.jvm-options", ""));
        long childHeap = maxHeap(childOptions).orElse(0L);
        Optional<Long> parentHeap = maxHeap(env.getOrDefault("JAVA_OPTS", ""));
        long limit = quantity(str(map(map(container, "resources"), "limits").get("memory")));
        if (pool < 1) {
            problems.add(kustomization + ": WORKER_POOL_SIZE must be set (its default is the node's processor count)");
        }
        if (childHeap == 0) {
            problems.add(kustomization + ": the children's -Xmx is unknown: " + childOptions);
        }
        if (parentHeap.isEmpty()) {
            problems.add(kustomization + ": the worker's JAVA_OPTS needs a fixed -Xmx; a percentage of the container "
                    + "leaves nothing for the children");
        }
        // heap + ~200 MiB for the parent's metaspace, threads and buffers; heap + ~96 MiB for each child
        long needed = parentHeap.orElse(0L) + mib(200) + pool * (childHeap + mib(96));
        if (limit < needed) {
            problems.add(kustomization + ": worker memory limit " + limit / mib(1) + "Mi is less than parent + "
                    + pool + " children need: " + needed / mib(1) + "Mi");
        }
        Map<String, Object> labels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
        boolean budget = k8s.all("PodDisruptionBudget").stream()
                .map(pdb -> map(map(map(pdb, "spec"), "selector"), "matchLabels"))
                .anyMatch(selector -> !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet()));
        if (!budget) {
            problems.add(kustomization + ": no PodDisruptionBudget selects the worker's pods");
        }
        assertNoProblems(problems);
    }

    /**
     * The browser's view: the page's URL is the one origin every API allows, the page sends its calls to the
     * URLs the APIs are exposed at, and order-service's own calls stay inside the cluster.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k8s/base", "k8s/overlays/kind"})
    void theFrontendOriginIsTheURLThePageIsExposedAt(String kustomization) throws Exception {
        Manifests k8s = render(kustomization);
        List<String> problems = new ArrayList<>();
        Map<String, String> exposed = new LinkedHashMap<>();
        for (App app : apps) {
            exposed.put(app.module(), exposedUrl(kustomization, k8s, app.module()));
        }
        String page = exposed.get("frontend-static");

        for (App app : apps) {
            Map<String, String> env = k8s.environment(kustomization, Manifests.mainContainer(
                    k8s.find("Deployment", app.module()).orElseThrow()), problems);
            if (app.variablesRead().contains("FRONTEND_ORIGINS")) {
                check(problems, kustomization + " " + app.module() + ": FRONTEND_ORIGINS vs the page's URL",
                        List.of(page), origins(env.get("FRONTEND_ORIGINS")));
            }
            if (app.module().equals("frontend-static")) {
                check(problems, kustomization + " page config CATALOG_URL", exposed.get("catalog-service"), trim(env.get("CATALOG_URL")));
                check(problems, kustomization + " page config ORDER_URL", exposed.get("order-service"), trim(env.get("ORDER_URL")));
                check(problems, kustomization + " page config WORKER_URL", exposed.get("worker-service"), trim(env.get("WORKER_URL")));
            }
            if (app.module().equals("order-service")) {
                check(problems, kustomization + " order-service CATALOG_URL (in-cluster)",
                        clusterUrl(k8s, "catalog-service"), trim(env.get("CATALOG_URL")));
                check(problems, kustomization + " order-service WORKER_URL (in-cluster)",
                        clusterUrl(k8s, "worker-service"), trim(env.get("WORKER_URL")));
                check(problems, kustomization + " order-service WORKER_PUBLIC_URL (the browser's)",
                        exposed.get("worker-service"), trim(env.get("WORKER_PUBLIC_URL")));
            }
        }
        assertNoProblems(problems);
    }

    /**
     * Where a browser reaches a Service: in the base through `kubectl port-forward svc/NAME PORT` (same port on
     * localhost), in the kind overlay through its NodePort, published on the host by kind-cluster.yaml.
     */
    static String exposedUrl(String kustomization, Manifests k8s, String service) {
        Map<String, Object> spec = map(k8s.find("Service", service).orElseThrow(), "spec");
        Map<String, Object> port = asMap(list(spec, "ports").get(0));
        if (!"NodePort".equals(spec.get("type"))) {
            return "http://localhost:" + port.get("port");
        }
        Object nodePort = port.get("nodePort");
        Path cluster = deploy.resolve(kustomization).resolve("kind-cluster.yaml");
        assertTrue(Files.exists(cluster), kustomization + " uses NodePorts but has no kind-cluster.yaml publishing them");
        Map<String, Object> config = Manifests.parseAll(App.read(cluster)).get(0);
        for (Object node : list(config, "nodes")) {
            for (Object mapping : list(asMap(node), "extraPortMappings")) {
                if (Objects.equals(asMap(mapping).get("containerPort"), nodePort)) {
                    return "http://localhost:" + asMap(mapping).get("hostPort");
                }
            }
        }
        throw new AssertionError(kustomization + ": NodePort " + nodePort + " of " + service
                + " is not published by kind-cluster.yaml (extraPortMappings)");
    }

    static String clusterUrl(Manifests k8s, String service) {
        Map<String, Object> port = asMap(list(map(k8s.find("Service", service).orElseThrow(), "spec"), "ports").get(0));
        return "http://" + service + ":" + port.get("port");
    }

    // ---------------------------------------------------------------- compose

    @Test
    void composeRunsEveryAppAsItsCodeSays() {
        Map<String, Object> compose = Manifests.parseAll(App.read(deploy.resolve("compose.yaml"))).get(0);
        Map<String, Object> services = map(compose, "services");
        List<String> problems = new ArrayList<>();
        Map<String, String> published = new LinkedHashMap<>();
        Map<String, Integer> containerPort = new LinkedHashMap<>();
        for (App app : apps) {
            String where = "compose.yaml " + app.module();
            Map<String, Object> service = map(services, app.module());
            if (service.isEmpty()) {
                problems.add(where + ": missing");
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>();
            map(service, "environment").forEach((k, v) -> env.put(k, str(v)));
            check(problems, where + ": image", app.image(), str(service.get("image")));
            Map<String, Object> args = map(map(service, "build"), "args");
            check(problems, where + ": build arg SERVICE", app.module(), str(args.get("SERVICE")));
            int port = app.port(env);
            check(problems, where + ": the port the app listens on vs its documented port", app.defaultPort(), port);
            check(problems, where + ": build arg PORT (EXPOSE)", String.valueOf(port), str(args.get("PORT")));
            containerPort.put(app.module(), port);
            int management = app.managementPort(env);
            for (Object mapping : list(service, "ports")) {
                String[] parts = str(mapping).split(":");
                int target = Integer.parseInt(parts[parts.length - 1]);
                if (target == port) {
                    published.put(app.module(), "http://localhost:" + parts[parts.length - 2]);
                } else if (target == management) {
                    problems.add(where + ": publishes the management port " + management + " (/q/*)");
                }
            }
            if (!published.containsKey(app.module())) {
                problems.add(where + ": container port " + port + " is not published (ports: " + service.get("ports") + ")");
            }
            Set<String> missing = new TreeSet<>(app.variablesRead());
            missing.removeAll(env.keySet());
            if (!missing.isEmpty()) {
                problems.add(where + ": the app reads " + missing + " but compose does not set them");
            }
            for (String variable : env.keySet()) {
                if (!app.reads(variable) && !IMAGE_VARIABLES.contains(variable)) {
                    problems.add(where + ": sets " + variable + ", which " + app.module() + " does not read (a typo?)");
                }
            }
            String health = String.valueOf(map(service, "healthcheck").get("test"));
            if (app.hasHealth() && !(health.contains(READY) && health.contains("QUARKUS_MANAGEMENT_PORT")
                    && env.containsKey("QUARKUS_MANAGEMENT_PORT"))) {
                problems.add(where + ": no health check on " + READY + " at $QUARKUS_MANAGEMENT_PORT (set it)");
            }
        }
        for (App app : apps) {
            Map<String, String> env = new LinkedHashMap<>();
            map(map(services, app.module()), "environment").forEach((k, v) -> env.put(k, str(v)));
            String where = "compose.yaml " + app.module();
            if (app.variablesRead().contains("FRONTEND_ORIGINS")
                    && !origins(env.get("FRONTEND_ORIGINS")).contains(published.get("frontend-static"))) {
                problems.add(where + ": FRONTEND_ORIGINS " + env.get("FRONTEND_ORIGINS") + " does not allow the page at "
                        + published.get("frontend-static"));
            }
            if (app.module().equals("frontend-static")) {
                check(problems, where + ": CATALOG_URL", published.get("catalog-service"), trim(env.get("CATALOG_URL")));
                check(problems, where + ": ORDER_URL", published.get("order-service"), trim(env.get("ORDER_URL")));
                check(problems, where + ": WORKER_URL", published.get("worker-service"), trim(env.get("WORKER_URL")));
            }
            if (app.module().equals("order-service")) {
                check(problems, where + ": CATALOG_URL", "http://catalog-service:" + containerPort.get("catalog-service"),
                        trim(env.get("CATALOG_URL")));
                check(problems, where + ": WORKER_URL", "http://worker-service:" + containerPort.get("worker-service"),
                        trim(env.get("WORKER_URL")));
                check(problems, where + ": WORKER_PUBLIC_URL", published.get("worker-service"), trim(env.get("WORKER_PUBLIC_URL")));
            }
        }
        assertNoProblems(problems);
    }

    // ---------------------------------------------------------------- Dockerfiles

    @Test
    void everyAppHasAJvmDockerfileLikeTheComposeBuild() {
        String multiStage = App.read(deploy.resolve("docker/Dockerfile"));
        List<String> froms = instructions(multiStage, "FROM");
        List<String> problems = new ArrayList<>();
        String runtimeBase = baseImage(multiStage, froms.get(froms.size() - 1), "deploy/docker/Dockerfile", problems);
        check(problems, "deploy/docker/Dockerfile runs as", "185", instructions(multiStage, "USER").get(0));
        for (App app : apps) {
            Path file = app.dir().resolve("src/main/docker/Dockerfile.jvm");
            String where = root.relativize(file).toString();
            if (!Files.exists(file)) {
                problems.add(where + ": missing");
                continue;
            }
            String dockerfile = App.read(file);
            check(problems, where + ": base image (same JRE as deploy/docker/Dockerfile)", runtimeBase,
                    baseImage(dockerfile, instructions(dockerfile, "FROM").get(0), where, problems));
            check(problems, where + ": EXPOSE", List.of(String.valueOf(app.defaultPort())), instructions(dockerfile, "EXPOSE"));
            check(problems, where + ": ENV (as in deploy/docker/Dockerfile)", instructions(multiStage, "ENV"),
                    instructions(dockerfile, "ENV"));
            check(problems, where + ": ENTRYPOINT (as in deploy/docker/Dockerfile)", instructions(multiStage, "ENTRYPOINT"),
                    instructions(dockerfile, "ENTRYPOINT"));
            List<String> users = instructions(dockerfile, "USER");
            if (users.isEmpty() || users.get(users.size() - 1).matches("0|root")) {
                problems.add(where + ": does not end as a non-root USER");
            }
            if (!dockerfile.contains("target/quarkus-app/lib/") || !dockerfile.contains("quarkus-run.jar")) {
                problems.add(where + ": not the fast-jar layout (target/quarkus-app)");
            }
            if (!dockerfile.contains("-t " + app.image() + " ")) {
                problems.add(where + ": does not document `docker build ... -t " + app.image() + "`");
            }
        }
        assertNoProblems(problems);
    }

    // ---------------------------------------------------------------- helpers

    private static final Map<String, Manifests> RENDERED = new LinkedHashMap<>();

    static synchronized Manifests render(String kustomization) throws IOException, InterruptedException {
        assumeTrue(Manifests.kubectlAvailable(), "kubectl is not on the PATH: the Kubernetes manifests were not rendered "
                + "and not checked (install kubectl, which has kustomize built in)");
        Manifests rendered = RENDERED.get(kustomization);
        if (rendered == null) {
            rendered = Manifests.render(deploy.resolve(kustomization));
            RENDERED.put(kustomization, rendered);
        }
        return rendered;
    }

    static App app(String module) {
        return apps.stream().filter(a -> a.module().equals(module)).findFirst().orElseThrow();
    }

    static Map<String, Integer> containerPorts(Map<String, Object> container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Object p : list(container, "ports")) {
            ports.put(str(asMap(p).getOrDefault("name", "")), (Integer) asMap(p).get("containerPort"));
        }
        return ports;
    }

    private static void checkProbe(List<String> problems, String where, Map<String, Object> container, String probe,
            String path, Map<String, Integer> ports, int port) {
        Map<String, Object> get = map(map(container, probe), "httpGet");
        if (!path.equals(get.get("path"))) {
            problems.add(where + ": " + probe + " path is " + get.get("path") + ", expected " + path);
        }
        Object target = get.get("port");
        Integer resolved = target instanceof Integer i ? i : ports.get(str(target));
        check(problems, where + ": " + probe + " port", port, resolved);
    }

    /**
     * The image a FROM names by default: the base comes from the build argument BASE_IMAGE (a machine without a
     * registry passes a local one, deploy/podman/build-images.sh), whose default is the public image users pull.
     */
    private static String baseImage(String dockerfile, String from, String where, List<String> problems) {
        String image = from.split("\\s+")[0];
        if (!image.equals("${BASE_IMAGE}")) {
            problems.add(where + ": FROM " + image + " instead of FROM ${BASE_IMAGE} (the base is a build argument)");
            return image;
        }
        List<String> defaults = instructions(dockerfile, "ARG").stream().filter(a -> a.startsWith("BASE_IMAGE="))
                .map(a -> a.substring("BASE_IMAGE=".length())).toList();
        if (defaults.size() != 1 || defaults.get(0).isBlank()) {
            problems.add(where + ": no ARG BASE_IMAGE=<the public Java 25 runtime image> before its FROM");
            return image;
        }
        String base = defaults.get(0);
        if (base.startsWith("localhost/") || !base.contains("25")) {
            problems.add(where + ": ARG BASE_IMAGE defaults to " + base + ", not the public Java 25 runtime users pull");
        }
        return base;
    }

    static List<String> instructions(String dockerfile, String instruction) {
        return Arrays.stream(dockerfile.split("\n"))
                .map(String::strip)
                .filter(line -> line.toUpperCase().startsWith(instruction + " "))
                .map(line -> line.substring(instruction.length()).strip())
                .toList();
    }

    private static Optional<Long> maxHeap(String options) {
        Matcher m = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)").matcher(options == null ? "" : options);
        if (!m.find()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2).toLowerCase()) {
            case "k" -> n * 1024;
            case "m" -> n * 1024 * 1024;
            case "g" -> n * 1024 * 1024 * 1024;
            default -> n;
        });
    }

    private static long quantity(String q) {
        if (q == null) {
            return 0;
        }
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(q.strip());
        if (!m.matches()) {
            throw new AssertionError("unexpected memory quantity " + q);
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2) == null ? n : switch (m.group(2)) {
            case "Ki" -> n * 1024;
            case "Mi" -> mib(n);
            default -> mib(n * 1024);
        };
    }

    private static long mib(long n) {
        return n * 1024 * 1024;
    }

    private static List<String> origins(String value) {
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(DeployManifestsTest::trim).toList();
    }

    static String trim(String url) {
        return url == null ? null : url.strip().replaceAll("/+$", "");
    }

    static void check(List<String> problems, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            problems.add(what + ": expected " + expected + " but is " + actual);
        }
    }

    static void assertNoProblems(List<String> problems) {
        assertTrue(problems.isEmpty(), "deploy/ has drifted from the code:\n  - " + String.join("\n  - ", problems));
    }
}
