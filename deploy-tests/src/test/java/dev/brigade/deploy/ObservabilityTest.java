package dev.brigade.deploy;

import static dev.brigade.deploy.DeployManifestsTest.apps;
import static dev.brigade.deploy.DeployManifestsTest.assertNoProblems;
import static dev.brigade.deploy.DeployManifestsTest.check;
import static dev.brigade.deploy.DeployManifestsTest.deploy;
import static dev.brigade.deploy.DeployManifestsTest.render;
import static dev.brigade.deploy.DeployManifestsTest.root;
import static dev.brigade.deploy.Manifests.asMap;
import static dev.brigade.deploy.Manifests.list;
import static dev.brigade.deploy.Manifests.map;
import static dev.brigade.deploy.Manifests.str;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Traces and metrics in compose and on Kubernetes agree with the services (deploy/README.md, "Observability"): the
 * collector receives OTLP where each service's OTEL_EXPORTER_OTLP_ENDPOINT sends it and exports to the trace UI's OTLP
 * port; Prometheus scrapes each service's real management port; the dashboard is valid JSON, uses only documented
 * metrics, and is provisioned from its one file in compose (a mount) and on Kubernetes (a generated ConfigMap).
 */
class ObservabilityTest {

    static final String COLLECTOR = "otel-collector";
    static final String TRACE_UI = "jaeger";
    /** Jaeger v2's OTLP gRPC receiver and UI ports (its built-in all-in-one configuration). */
    static final int TRACE_UI_OTLP_GRPC = 4317;
    static final int TRACE_UI_HTTP = 16686;
    static final String EXPORT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String METRICS_PATH = "/q/metrics";
    static final Path OBSERVABILITY = Path.of("observability");
    static final String COLLECTOR_CONFIG = "otel-collector.yaml";
    static final String DASHBOARD = "brigade-dashboard.json";
    /** Quarkus's own HTTP server timer (Micrometer's HTTP binder), which the dashboard's HTTP panels read. */
    static final Set<String> FRAMEWORK_METRICS = Set.of("http_server_requests_seconds");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Z0-9_]+)}");

    @BeforeAll
    static void readTheCode() throws IOException {
        if (apps == null) {
            DeployManifestsTest.readTheCode();
        }
    }

    // ---------------------------------------------------------------- traces

    @Test
    void composeSendsEveryServicesSpansThroughTheCollectorToTheTraceUi() {
        Map<String, Map<String, Object>> services = composeServices();
        List<String> problems = new ArrayList<>();
        int receiverPort = collectorReceiverPort(problems);
        Map<String, Object> collector = services.getOrDefault(COLLECTOR, Map.of());
        if (collector.isEmpty()) {
            problems.add("compose: no service " + COLLECTOR + " (deploy/observability/compose.yaml, included by compose.yaml)");
        } else if (list(collector, "volumes").stream().noneMatch(v -> str(v).startsWith("./" + COLLECTOR_CONFIG + ":"))) {
            problems.add("compose " + COLLECTOR + ": does not mount ./" + COLLECTOR_CONFIG + " (volumes " + collector.get("volumes") + ")");
        }
        checkExporters(problems, "compose " + COLLECTOR, environment(collector), "http://" + TRACE_UI + ":" + TRACE_UI_OTLP_GRPC);
        if (!services.containsKey(TRACE_UI)) {
            problems.add("compose: no service " + TRACE_UI + " (the trace UI)");
        }
        for (App app : exportingApps()) {
            check(problems, "compose " + app.module() + ": " + EXPORT_VARIABLE + " (the collector's OTLP gRPC receiver)",
                    "http://" + COLLECTOR + ":" + receiverPort, environment(services.get(app.module())).get(EXPORT_VARIABLE));
        }
        assertNoProblems(problems);
    }

    @Test
    void kubernetesSendsEveryServicesSpansThroughTheCollectorToTheTraceUi() throws Exception {
        Manifests k8s = render("k8s/overlays/kind");
        List<String> problems = new ArrayList<>();
        int receiverPort = collectorReceiverPort(problems);
        Map<String, Object> collector = k8s.find("Deployment", COLLECTOR).orElseThrow(() ->
                new AssertionError("k8s/overlays/kind: no Deployment " + COLLECTOR + " (deploy/k8s/components/observability)"));
        Map<String, Object> container = Manifests.mainContainer(collector);
        Map<String, String> collectorEnv = k8s.environment("Deployment " + COLLECTOR, container, problems);
        checkExporters(problems, "Deployment " + COLLECTOR, collectorEnv,
                "http://" + TRACE_UI + ":" + servicePort(k8s, TRACE_UI, TRACE_UI_OTLP_GRPC, problems));
        String config = App.read(deploy.resolve(OBSERVABILITY).resolve(COLLECTOR_CONFIG));
        boolean mountsTheFile = list(Manifests.podSpec(collector), "volumes").stream().map(v -> map(asMap(v), "configMap"))
                .map(ref -> k8s.find("ConfigMap", str(ref.get("name"))))
                .flatMap(Optional::stream)
                .anyMatch(configMap -> config.equals(map(configMap, "data").get(COLLECTOR_CONFIG)));
        if (!mountsTheFile) {
            problems.add("Deployment " + COLLECTOR + ": mounts no ConfigMap generated from deploy/observability/" + COLLECTOR_CONFIG);
        }
        if (!DeployManifestsTest.containerPorts(container).containsValue(receiverPort)) {
            problems.add("Deployment " + COLLECTOR + ": no containerPort " + receiverPort + " (its OTLP receiver)");
        }
        int collectorServicePort = servicePort(k8s, COLLECTOR, receiverPort, problems);
        for (App app : exportingApps()) {
            Map<String, Object> deployment = k8s.find("Deployment", app.module()).orElseThrow();
            Map<String, String> env = k8s.environment(app.module(), Manifests.mainContainer(deployment), problems);
            check(problems, "Deployment " + app.module() + ": " + EXPORT_VARIABLE + " (the collector's Service)",
                    "http://" + COLLECTOR + ":" + collectorServicePort, env.get(EXPORT_VARIABLE));
        }
        assertNoProblems(problems);
    }

    // ---------------------------------------------------------------- metrics

    @Test
    void composesPrometheusScrapesEachServicesManagementPort() {
        Map<String, Map<String, Object>> services = composeServices();
        List<String> problems = new ArrayList<>();
        Map<String, Object> prometheus = Manifests.parseAll(App.read(observability("prometheus.yaml"))).get(0);
        Set<String> targets = new TreeSet<>();
        for (Object job : list(prometheus, "scrape_configs")) {
            check(problems, "prometheus.yaml job " + asMap(job).get("job_name") + ": metrics_path", METRICS_PATH,
                    asMap(job).get("metrics_path"));
            for (Object staticConfig : list(asMap(job), "static_configs")) {
                list(asMap(staticConfig), "targets").forEach(target -> targets.add(str(target)));
            }
        }
        Set<String> expected = new TreeSet<>();
        for (App app : metricApps()) {
            expected.add(app.module() + ":" + app.managementPort(environment(services.get(app.module()))));
        }
        check(problems, "deploy/observability/prometheus.yaml: scrape targets (each service's management port in compose)",
                expected, targets);
        assertNoProblems(problems);
    }

    @Test
    void kubernetesAnnotatesEachServicesManagementPortForPrometheus() throws Exception {
        Manifests k8s = render("k8s/overlays/kind");
        List<String> problems = new ArrayList<>();
        for (App app : metricApps()) {
            Map<String, Object> deployment = k8s.find("Deployment", app.module()).orElseThrow();
            Map<String, Object> container = Manifests.mainContainer(deployment);
            Map<String, Object> annotations = map(map(map(map(deployment, "spec"), "template"), "metadata"), "annotations");
            String where = "k8s/overlays/kind Deployment " + app.module() + " annotation ";
            int management = app.managementPort(k8s.environment(app.module(), container, problems));
            check(problems, where + "prometheus.io/scrape", "true", str(annotations.get("prometheus.io/scrape")));
            check(problems, where + "prometheus.io/port (its management port)", String.valueOf(management),
                    str(annotations.get("prometheus.io/port")));
            check(problems, where + "prometheus.io/path", METRICS_PATH, str(annotations.get("prometheus.io/path")));
            check(problems, where + "prometheus.io/port: the container port named management",
                    DeployManifestsTest.containerPorts(container).get("management"), management);
        }
        assertNoProblems(problems);
    }

    // ---------------------------------------------------------------- the dashboard

    @Test
    void theDashboardIsProvisionedFromItsOneFileInComposeAndKubernetes() throws Exception {
        List<String> problems = new ArrayList<>();
        String json = App.read(observability(DASHBOARD));
        JsonNode dashboard = new ObjectMapper().readTree(json);
        if (dashboard.path("panels").isEmpty() || dashboard.path("uid").asText().isBlank()) {
            problems.add(DASHBOARD + ": no uid or no panels");
        }

        Map<String, Object> grafana = composeServices().getOrDefault("grafana", Map.of());
        Map<String, Object> provider = asMap(list(Manifests.parseAll(App.read(observability("grafana/dashboards.yaml"))).get(0),
                "providers").stream().findFirst().orElse(null));
        String path = str(map(provider, "options").get("path"));
        if (list(grafana, "volumes").stream().noneMatch(v -> str(v).startsWith("./" + DASHBOARD + ":" + path + "/"))) {
            problems.add("compose grafana: does not mount ./" + DASHBOARD + " into its provider's path " + path);
        }
        Map<String, Object> datasource = asMap(list(Manifests.parseAll(App.read(observability("grafana/datasources.yaml"))).get(0),
                "datasources").stream().findFirst().orElse(null));
        check(problems, "grafana/datasources.yaml: the datasource", "prometheus http://prometheus:9090",
                datasource.get("type") + " " + datasource.get("url"));

        Manifests k8s = render("k8s/overlays/kind");
        boolean generated = k8s.all("ConfigMap").stream()
                .anyMatch(c -> json.equals(map(c, "data").get(DASHBOARD))
                        && "1".equals(str(map(map(c, "metadata"), "labels").get("grafana_dashboard"))));
        if (!generated) {
            problems.add("k8s/overlays/kind: no ConfigMap labelled grafana_dashboard=1 holds deploy/observability/" + DASHBOARD);
        }
        try (Stream<Path> files = Files.walk(deploy)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.equals(observability(DASHBOARD)))
                    .filter(f -> App.read(f).equals(json))
                    .forEach(f -> problems.add(root.relativize(f) + ": a copy of the dashboard (generate it from the one file)"));
        }
        assertNoProblems(problems);
    }

    @Test
    void everyMetricTheDashboardUsesIsDocumented() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(App.read(observability(DASHBOARD)));
        Set<String> documented = Readme.metrics();
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                for (String metric : PromQl.metricNames(target.path("expr").asText())) {
                    if (!documented.contains(metric) && !FRAMEWORK_METRICS.contains(metric)) {
                        problems.add(DASHBOARD + " panel '" + panel.path("title").asText() + "': " + metric
                                + " is not in the README's \"" + Readme.METRICS + "\" table " + documented);
                    }
                }
            }
        }
        assertNoProblems(problems);
    }

    // ---------------------------------------------------------------- helpers

    /** The services that export spans: those reading OTEL_EXPORTER_OTLP_ENDPOINT (through common). */
    private static List<App> exportingApps() {
        List<App> exporting = apps.stream().filter(app -> app.optInVariablesRead().contains(EXPORT_VARIABLE)).toList();
        if (exporting.isEmpty()) {
            throw new AssertionError("no service reads " + EXPORT_VARIABLE + " any more: what do the collectors receive?");
        }
        return exporting;
    }

    /** The services with a Prometheus registry, whose /q/metrics Prometheus scrapes. */
    private static List<App> metricApps() {
        return apps.stream()
                .filter(app -> App.read(app.dir().resolve("pom.xml")).contains("quarkus-micrometer-registry-prometheus")
                        || app.optInVariablesRead().contains(EXPORT_VARIABLE))
                .toList();
    }

    /** The port of the collector's OTLP gRPC receiver, which its traces pipeline reads from. */
    private static int collectorReceiverPort(List<String> problems) {
        Map<String, Object> config = collectorConfig();
        String endpoint = str(map(map(map(map(config, "receivers"), "otlp"), "protocols"), "grpc").get("endpoint"));
        if (endpoint == null || !endpoint.matches(".*:\\d+")) {
            problems.add(COLLECTOR_CONFIG + ": no OTLP gRPC receiver endpoint host:port (receivers.otlp.protocols.grpc)");
            return -1;
        }
        if (!list(traces(config), "receivers").contains("otlp")) {
            problems.add(COLLECTOR_CONFIG + ": the traces pipeline does not read the otlp receiver");
        }
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** Every exporter of the traces pipeline is OTLP gRPC to {@code expected}, its endpoint from the environment. */
    private static void checkExporters(List<String> problems, String where, Map<String, String> env, String expected) {
        Map<String, Object> config = collectorConfig();
        List<Object> exporters = list(traces(config), "exporters");
        if (exporters.isEmpty()) {
            problems.add(COLLECTOR_CONFIG + ": the traces pipeline exports nowhere");
        }
        for (Object name : exporters) {
            String endpoint = str(map(map(config, "exporters"), str(name)).get("endpoint"));
            if (!str(name).equals("otlp") && !str(name).startsWith("otlp/")) {
                problems.add(COLLECTOR_CONFIG + ": exporter " + name + " is not OTLP gRPC, which the trace UI receives");
                continue;
            }
            Matcher reference = ENV_REFERENCE.matcher(String.valueOf(endpoint));
            String resolved = reference.matches() ? env.get(reference.group(1)) : endpoint;
            check(problems, where + ": exporter " + name + "'s endpoint " + endpoint + " (the trace UI's OTLP gRPC port)",
                    expected, resolved == null ? null : URI.create(resolved).getScheme() + "://" + URI.create(resolved).getAuthority());
        }
    }

    private static int servicePort(Manifests k8s, String service, int containerPort, List<String> problems) {
        Map<String, Object> found = k8s.find("Service", service).orElse(Map.of());
        Map<String, Integer> ports = k8s.find("Deployment", service)
                .map(d -> DeployManifestsTest.containerPorts(Manifests.mainContainer(d))).orElse(Map.of());
        for (Object p : list(map(found, "spec"), "ports")) {
            Object target = asMap(p).getOrDefault("targetPort", asMap(p).get("port"));
            if (Integer.valueOf(containerPort).equals(target instanceof Integer i ? i : ports.get(str(target)))) {
                return (Integer) asMap(p).get("port");
            }
        }
        problems.add("k8s/overlays/kind Service " + service + ": no port to container port " + containerPort);
        return -1;
    }

    private static Map<String, Object> traces(Map<String, Object> config) {
        return map(map(map(config, "service"), "pipelines"), "traces");
    }

    private static Map<String, Object> collectorConfig() {
        return Manifests.parseAll(App.read(observability(COLLECTOR_CONFIG))).get(0);
    }

    private static Path observability(String file) {
        return deploy.resolve(OBSERVABILITY).resolve(file);
    }

    /** compose.yaml's services with those of the files it includes (each relative to compose.yaml's directory). */
    static Map<String, Map<String, Object>> composeServices() {
        Map<String, Object> compose = Manifests.parseAll(App.read(deploy.resolve("compose.yaml"))).get(0);
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        map(compose, "services").forEach((name, service) -> services.put(name, asMap(service)));
        for (Object include : list(compose, "include")) {
            Map<String, Object> included = Manifests.parseAll(App.read(deploy.resolve(str(include)))).get(0);
            map(included, "services").forEach((name, service) -> services.put(name, asMap(service)));
        }
        return services;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service == null ? Map.of() : service, "environment").forEach((k, v) -> env.put(k, str(v)));
        return env;
    }
}
