package dev.brigade.deploy;

import static dev.brigade.deploy.DeployManifestsTest.apps;
import static dev.brigade.deploy.DeployManifestsTest.assertNoProblems;
import static dev.brigade.deploy.DeployManifestsTest.deploy;
import static dev.brigade.deploy.DeployManifestsTest.render;
import static dev.brigade.deploy.Manifests.asMap;
import static dev.brigade.deploy.Manifests.list;
import static dev.brigade.deploy.Manifests.map;
import static dev.brigade.deploy.Manifests.str;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NetworkPolicies (deploy/k8s/base/network-policies.yaml) allow exactly the flows the deployment needs, and no
 * other (deploy/README.md, "Network policies"):
 * <ul>
 * <li>from anywhere (the browser, through a NodePort or an Ingress) to the Services the kind overlay exposes, on their
 * ports;</li>
 * <li>between workloads: the in-cluster URLs in each workload's own environment ({@code http://catalog-service:8081},
 * {@code jdbc:postgresql://postgres:5432/orders}, {@code http://keycloak:8080/realms/brigade}, ...) name a Service,
 * whose pods must admit the caller (ingress) and the caller must be let out to them (egress), on the Service's target
 * port;</li>
 * <li>DNS (kube-dns in kube-system, 53 UDP and TCP) for exactly the workloads that call a Service by name;</li>
 * <li>Prometheus (its pods in the namespace monitoring) to the port a workload's {@code prometheus.io/port} annotation
 * names, when it has {@code prometheus.io/scrape: "true"} (deploy/k8s/components/observability).</li>
 * </ul>
 * Everything else is denied: a default-deny policy isolates every pod in both directions, and each workload has a policy
 * of its own, selecting its pods by {@code app.kubernetes.io/name}; a new workload without one fails here. The README's
 * table lists the same flows.
 */
class NetworkPolicyTest {

    static final String NAME = "app.kubernetes.io/name";
    static final String ANYWHERE = "anywhere";
    static final String DNS = "kube-dns";
    static final String DNS_NAMESPACE = "kube-system";
    static final Map<String, String> DNS_PODS = Map.of("k8s-app", "kube-dns");
    static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";
    /** The cluster's Prometheus, as kube-prometheus-stack runs it: pods named prometheus in the namespace monitoring. */
    static final String PROMETHEUS = "prometheus";
    static final String PROMETHEUS_NAMESPACE = "monitoring";
    static final List<String> WORKLOADS = ProductionOverlayTest.WORKLOADS;
    /** The README section with the table. */
    static final String SECTION = "## Network policies";

    private static final Pattern URL = Pattern.compile("\\b(https?|jdbc:postgresql)://([A-Za-z0-9.-]+)(?::(\\d+))?");
    private static final Map<String, Integer> DEFAULT_PORT = Map.of("http", 80, "https", 443, "jdbc:postgresql", 5432);

    /** One allowed connection: ingress is checked at {@code to}, egress at {@code from}. */
    record Flow(String direction, String from, String to, int port, String protocol) implements Comparable<Flow> {
        @Override
        public String toString() {
            return direction + " " + from + " -> " + to + ":" + port + (protocol.equals("TCP") ? "" : "/" + protocol);
        }

        @Override
        public int compareTo(Flow o) {
            return toString().compareTo(o.toString());
        }
    }

    @BeforeAll
    static void readTheCode() throws IOException {
        if (apps == null) {
            DeployManifestsTest.readTheCode();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k8s/base", "k8s/overlays/kind", ProductionOverlayTest.PRODUCTION})
    void theNetworkPoliciesAllowExactlyTheFlowsTheWorkloadsNeed(String kustomization) throws Exception {
        Manifests k8s = render(kustomization);
        List<String> problems = new ArrayList<>();
        Set<Flow> allowed = allowedFlows(kustomization, k8s, problems);
        Set<Flow> needed = neededFlows(kustomization, k8s, exposedServices(), problems);

        Set<Flow> missing = new TreeSet<>(needed);
        missing.removeAll(allowed);
        missing.forEach(f -> problems.add(kustomization + ": no NetworkPolicy allows " + f + ", which "
                + (f.from().equals(ANYWHERE) ? "the browser uses (the Service is exposed)"
                        : f.to().equals(DNS) ? f.from() + " needs to look up the Services it calls"
                        : f.from().equals(PROMETHEUS) ? f.to() + "'s prometheus.io/port annotation names"
                        : f.from() + "'s environment calls (an in-cluster URL)")));
        Set<Flow> extra = new TreeSet<>(allowed);
        extra.removeAll(needed);
        extra.forEach(f -> problems.add(kustomization + ": a NetworkPolicy allows " + f + ", which nothing needs ("
                + (f.from().equals(ANYWHERE) ? "no Service that k8s/overlays/kind exposes to the browser targets that port"
                        : f.to().equals(DNS) ? f.from() + "'s environment names no Service"
                        : f.from().equals(PROMETHEUS) ? "no prometheus.io/scrape annotation of " + f.to() + " names that port"
                        : "no in-cluster URL in " + f.from() + "'s environment names that Service and port") + ")"));
        assertNoProblems(problems);
    }

    /** Default deny in both directions, and a policy of its own for every workload (so a new one without it fails). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k8s/base", "k8s/overlays/kind", ProductionOverlayTest.PRODUCTION})
    void everyWorkloadIsIsolatedAndHasAPolicyOfItsOwn(String kustomization) throws Exception {
        Manifests k8s = render(kustomization);
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> policies = k8s.all("NetworkPolicy");
        boolean defaultDeny = policies.stream().anyMatch(p -> {
            Map<String, Object> spec = map(p, "spec");
            return map(spec, "podSelector").isEmpty()
                    && list(spec, "policyTypes").containsAll(List.of("Ingress", "Egress"))
                    && list(spec, "ingress").isEmpty() && list(spec, "egress").isEmpty();
        });
        if (!defaultDeny) {
            problems.add(kustomization + ": no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, "
                    + "no rules): a pod that no policy selects accepts and sends anything");
        }
        Set<String> selected = new TreeSet<>();
        for (Map<String, Object> policy : policies) {
            Map<String, Object> selector = map(map(policy, "spec"), "podSelector");
            if (!selector.isEmpty()) {
                selected.add(policyName(policy));
            }
        }
        for (String kind : WORKLOADS) {
            for (Map<String, Object> workload : k8s.all(kind)) {
                Map<String, Object> labels = map(map(map(map(workload, "spec"), "template"), "metadata"), "labels");
                String where = kustomization + " " + kind + "/" + str(map(workload, "metadata").get("name"));
                List<String> own = policies.stream()
                        .filter(p -> !map(map(p, "spec"), "podSelector").isEmpty())
                        .filter(p -> selects(map(map(p, "spec"), "podSelector"), labels))
                        .map(NetworkPolicyTest::policyName)
                        .toList();
                if (own.isEmpty()) {
                    problems.add(where + ": no NetworkPolicy of its own selects its pods (labels " + labels + "): add one to "
                            + "deploy/k8s/base/network-policies.yaml with who may call it and what it may call");
                } else if (own.size() > 1) {
                    problems.add(where + ": selected by several policies " + own + ": one per workload keeps the rules in "
                            + "one place");
                }
            }
        }
        for (Map<String, Object> policy : policies) {
            Map<String, Object> selector = map(map(policy, "spec"), "podSelector");
            if (selector.isEmpty()) {
                continue;
            }
            boolean matchesSomething = WORKLOADS.stream().flatMap(kind -> k8s.all(kind).stream())
                    .anyMatch(w -> selects(selector, map(map(map(map(w, "spec"), "template"), "metadata"), "labels")));
            if (!matchesSomething) {
                problems.add(kustomization + " NetworkPolicy " + policyName(policy) + ": selects no workload's pods "
                        + "(renamed?)");
            }
        }
        assertNoProblems(problems);
    }

    /** The README's table has exactly the flows the policies allow (from, to, port). */
    @Test
    void theReadmeTableListsTheFlows() throws Exception {
        Manifests k8s = render("k8s/base");
        List<String> problems = new ArrayList<>();
        Set<String> fromPolicies = new TreeSet<>();
        for (Flow f : allowedFlows("k8s/base", k8s, problems)) {
            fromPolicies.add(f.from() + " -> " + f.to() + ":" + f.port());
        }
        Set<String> fromReadme = readmeFlows(problems);
        Set<String> missing = new TreeSet<>(fromPolicies);
        missing.removeAll(fromReadme);
        missing.forEach(f -> problems.add("deploy/README.md \"" + SECTION + "\": the table lacks " + f));
        Set<String> extra = new TreeSet<>(fromReadme);
        extra.removeAll(fromPolicies);
        extra.forEach(f -> problems.add("deploy/README.md \"" + SECTION + "\": the table lists " + f
                + ", which no NetworkPolicy allows"));
        assertNoProblems(problems);
    }

    // ---------------------------------------------------------------- what the policies allow

    static Set<Flow> allowedFlows(String kustomization, Manifests k8s, List<String> problems) {
        Set<Flow> flows = new TreeSet<>();
        for (Map<String, Object> policy : k8s.all("NetworkPolicy")) {
            String where = kustomization + " NetworkPolicy " + policyName(policy);
            Map<String, Object> spec = map(policy, "spec");
            Map<String, Object> selector = map(spec, "podSelector");
            String target = selector.isEmpty() ? "*" : podName(where + " podSelector", selector, problems);
            List<Object> types = list(spec, "policyTypes");
            if (types.isEmpty()) {
                problems.add(where + ": no policyTypes (say Ingress, Egress: without them an egress-less policy leaves "
                        + "egress open)");
            }
            for (String direction : List.of("ingress", "egress")) {
                if (!list(spec, direction).isEmpty() && !types.contains(direction.equals("ingress") ? "Ingress" : "Egress")) {
                    problems.add(where + ": has " + direction + " rules but not that policyType");
                }
                for (Object r : list(spec, direction)) {
                    Map<String, Object> rule = asMap(r);
                    List<Object> peers = list(rule, direction.equals("ingress") ? "from" : "to");
                    List<String> names = new ArrayList<>();
                    if (peers.isEmpty()) {
                        names.add(ANYWHERE);
                    }
                    for (Object p : peers) {
                        names.add(peerName(where, asMap(p), problems));
                    }
                    List<Object> ports = list(rule, "ports");
                    if (ports.isEmpty()) {
                        problems.add(where + ": a " + direction + " rule without ports opens every port (to " + names + ")");
                    }
                    for (Object p : ports) {
                        Map<String, Object> port = asMap(p);
                        String protocol = String.valueOf(port.getOrDefault("protocol", "TCP"));
                        if (port.containsKey("endPort")) {
                            problems.add(where + ": a port range (endPort): name each port");
                        }
                        for (String peer : names) {
                            String pods = direction.equals("ingress") ? target : peer;
                            Integer number = portNumber(k8s, pods, port.get("port"));
                            if (number == null) {
                                problems.add(where + ": port " + port.get("port") + " is not a port of " + pods + "'s pods");
                                continue;
                            }
                            flows.add(direction.equals("ingress") ? new Flow("ingress", peer, target, number, protocol)
                                    : new Flow("egress", target, peer, number, protocol));
                        }
                    }
                }
            }
        }
        return flows;
    }

    /** A peer as the table says it: a workload's name, kube-dns, anywhere; anything else spelled out (and unexpected). */
    private static String peerName(String where, Map<String, Object> peer, List<String> problems) {
        if (peer.containsKey("ipBlock")) {
            return "ipBlock " + map(peer, "ipBlock").get("cidr");
        }
        Map<String, Object> pods = map(peer, "podSelector");
        if (peer.containsKey("namespaceSelector")) {
            Map<String, Object> namespace = map(map(peer, "namespaceSelector"), "matchLabels");
            Map<String, Object> podLabels = map(pods, "matchLabels");
            if (namespace.equals(Map.of(NAMESPACE_NAME, DNS_NAMESPACE)) && podLabels.equals(DNS_PODS)
                    && !pods.containsKey("matchExpressions")) {
                return DNS;
            }
            if (namespace.equals(Map.of(NAMESPACE_NAME, PROMETHEUS_NAMESPACE)) && podLabels.equals(Map.of(NAME, PROMETHEUS))
                    && !pods.containsKey("matchExpressions")) {
                return PROMETHEUS;
            }
            return "namespaces " + map(peer, "namespaceSelector") + " pods " + pods;
        }
        return pods.isEmpty() ? "every pod of the namespace" : podName(where + " peer", pods, problems);
    }

    /** The app.kubernetes.io/name a selector picks: the only way the policies select pods. */
    private static String podName(String where, Map<String, Object> selector, List<String> problems) {
        Map<String, Object> labels = map(selector, "matchLabels");
        if (selector.containsKey("matchExpressions") || labels.size() != 1 || !labels.containsKey(NAME)) {
            problems.add(where + ": selects pods by " + selector + "; select them by " + NAME + " alone, as the "
                    + "workloads label them");
            return String.valueOf(selector);
        }
        return str(labels.get(NAME));
    }

    /** A policy's port (a number, or a container port's name) as a number, on the pods called {@code pods}. */
    private static Integer portNumber(Manifests k8s, String pods, Object port) {
        if (port instanceof Integer i) {
            return i;
        }
        if (pods.equals(DNS) || port == null) {
            return null;
        }
        return containerPorts(k8s, pods).get(str(port));
    }

    // ---------------------------------------------------------------- what the workloads need

    /**
     * From anywhere to each exposed Service's target ports; from each workload to every Service its environment names,
     * both ways (the callee's ingress, the caller's egress); DNS for every workload that names one.
     */
    static Set<Flow> neededFlows(String kustomization, Manifests k8s, Set<String> exposed, List<String> problems) {
        Set<Flow> flows = new TreeSet<>();
        for (String service : exposed) {
            Optional<Map<String, Object>> found = k8s.find("Service", service);
            if (found.isEmpty()) {
                problems.add(kustomization + ": Service " + service + " (exposed by k8s/overlays/kind) is missing");
                continue;
            }
            String pods = servicePods(kustomization, found.get(), problems);
            for (Object p : list(map(found.get(), "spec"), "ports")) {
                Integer target = targetPort(k8s, pods, asMap(p));
                if (target != null) {
                    flows.add(new Flow("ingress", ANYWHERE, pods, target, protocol(asMap(p))));
                }
            }
        }
        for (String kind : WORKLOADS) {
            for (Map<String, Object> workload : k8s.all(kind)) {
                Map<String, Object> labels = map(map(map(map(workload, "spec"), "template"), "metadata"), "labels");
                String caller = str(labels.get(NAME));
                String where = kustomization + " " + kind + "/" + str(map(workload, "metadata").get("name"));
                if (caller == null) {
                    problems.add(where + ": its pods have no " + NAME + " label, by which the policies select them");
                    continue;
                }
                boolean callsByName = false;
                for (String value : environmentValues(kustomization, k8s, workload)) {
                    Matcher m = URL.matcher(value);
                    while (m.find()) {
                        String host = m.group(2);
                        String name = host.contains(".svc") ? host.substring(0, host.indexOf('.')) : host;
                        Optional<Map<String, Object>> service = k8s.find("Service", name);
                        if (service.isEmpty()) {
                            continue; // localhost, a public host name: the browser's, not this pod's
                        }
                        callsByName = true;
                        int port = m.group(3) == null ? DEFAULT_PORT.get(m.group(1)) : Integer.parseInt(m.group(3));
                        String callee = servicePods(kustomization, service.get(), problems);
                        Optional<Map<String, Object>> servicePort = list(map(service.get(), "spec"), "ports").stream()
                                .map(Manifests::asMap).filter(p -> Integer.valueOf(port).equals(p.get("port"))).findFirst();
                        if (servicePort.isEmpty()) {
                            problems.add(where + ": calls " + m.group() + ", but Service " + name + " has no port " + port);
                            continue;
                        }
                        Integer target = targetPort(k8s, callee, servicePort.get());
                        if (target != null) {
                            String protocol = protocol(servicePort.get());
                            flows.add(new Flow("ingress", caller, callee, target, protocol));
                            flows.add(new Flow("egress", caller, callee, target, protocol));
                        }
                    }
                }
                if (callsByName) {
                    flows.add(new Flow("egress", caller, DNS, 53, "UDP"));
                    flows.add(new Flow("egress", caller, DNS, 53, "TCP"));
                }
                Map<String, Object> annotations = map(map(map(map(workload, "spec"), "template"), "metadata"), "annotations");
                if ("true".equals(str(annotations.get("prometheus.io/scrape")))) {
                    flows.add(new Flow("ingress", PROMETHEUS, caller,
                            Integer.parseInt(String.valueOf(annotations.get("prometheus.io/port"))), "TCP"));
                }
            }
        }
        return flows;
    }

    /** The Services a browser reaches: those the kind overlay exposes on a NodePort (production: through its proxy). */
    static Set<String> exposedServices() throws IOException, InterruptedException {
        Set<String> exposed = new TreeSet<>();
        for (Map<String, Object> service : render("k8s/overlays/kind").all("Service")) {
            if ("NodePort".equals(map(service, "spec").get("type"))) {
                exposed.add(str(map(service, "metadata").get("name")));
            }
        }
        if (exposed.isEmpty()) {
            throw new AssertionError("k8s/overlays/kind exposes no Service on a NodePort: which does the browser reach now?");
        }
        return exposed;
    }

    /** Every environment value of every container of the workload, ConfigMap values resolved (Secrets are no URLs). */
    private static List<String> environmentValues(String kustomization, Manifests k8s, Map<String, Object> workload) {
        List<String> values = new ArrayList<>();
        Map<String, Object> pod = Manifests.podSpec(workload);
        for (String containers : List.of("initContainers", "containers")) {
            for (Object c : list(pod, containers)) {
                Map<String, Object> container = new LinkedHashMap<>(asMap(c));
                // ConfigMaps and literals only: a Secret holds no address (and production renders none)
                container.put("env", list(container, "env").stream()
                        .filter(e -> map(map(asMap(e), "valueFrom"), "secretKeyRef").isEmpty()).toList());
                k8s.environment(kustomization, container, new ArrayList<>()).values().stream()
                        .filter(v -> v != null).forEach(values::add);
            }
        }
        return values;
    }

    private static String servicePods(String kustomization, Map<String, Object> service, List<String> problems) {
        Map<String, Object> selector = map(map(service, "spec"), "selector");
        String name = str(selector.get(NAME));
        if (name == null) {
            problems.add(kustomization + " Service " + str(map(service, "metadata").get("name")) + ": its selector "
                    + selector + " has no " + NAME);
        }
        return String.valueOf(name);
    }

    private static Integer targetPort(Manifests k8s, String pods, Map<String, Object> servicePort) {
        Object target = servicePort.getOrDefault("targetPort", servicePort.get("port"));
        return target instanceof Integer i ? i : containerPorts(k8s, pods).get(str(target));
    }

    private static String protocol(Map<String, Object> port) {
        return String.valueOf(port.getOrDefault("protocol", "TCP"));
    }

    /** The named container ports of the pods labelled {@code app.kubernetes.io/name=pods}. */
    private static Map<String, Integer> containerPorts(Manifests k8s, String pods) {
        Map<String, Integer> ports = new TreeMap<>();
        for (String kind : WORKLOADS) {
            for (Map<String, Object> workload : k8s.all(kind)) {
                Map<String, Object> labels = map(map(map(map(workload, "spec"), "template"), "metadata"), "labels");
                if (pods.equals(str(labels.get(NAME)))) {
                    for (Object c : list(Manifests.podSpec(workload), "containers")) {
                        ports.putAll(DeployManifestsTest.containerPorts(asMap(c)));
                    }
                }
            }
        }
        return ports;
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        Map<String, Object> match = map(selector, "matchLabels");
        return !selector.containsKey("matchExpressions") && labels.entrySet().containsAll(match.entrySet());
    }

    private static String policyName(Map<String, Object> policy) {
        return str(map(policy, "metadata").get("name"));
    }

    // ---------------------------------------------------------------- the README's table

    /**
     * The rows of the table in the README's section: | from | to | port | ... |, "from" one or more workloads (comma
     * separated, in backticks) or "anywhere ...", "to" a workload or DNS (kube-dns), "port" one number (and protocols).
     */
    static Set<String> readmeFlows(List<String> problems) {
        String readme = App.read(deploy.resolve("README.md"));
        int start = readme.indexOf("\n" + SECTION);
        if (start < 0) {
            problems.add("deploy/README.md has no section \"" + SECTION + "\" with the table of allowed flows");
            return Set.of();
        }
        int end = readme.indexOf("\n## ", start + 1);
        // the section's first table: a header row, the separator row, then one row per flow
        List<String> rows = new ArrayList<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (line.startsWith("|")) {
                rows.add(line);
            } else if (!rows.isEmpty()) {
                break;
            }
        }
        Set<String> flows = new TreeSet<>();
        for (String line : rows.subList(Math.min(2, rows.size()), rows.size())) {
            String[] cells = line.split("\\|");
            if (cells.length < 4) {
                problems.add("deploy/README.md \"" + SECTION + "\": a row without from, to and port: " + line);
                continue;
            }
            String to = cells[2].contains(DNS) ? DNS : cells[2].replace("`", "").strip();
            Matcher port = Pattern.compile("\\d+").matcher(cells[3]);
            if (!port.find()) {
                problems.add("deploy/README.md \"" + SECTION + "\": no port in " + line);
                continue;
            }
            for (String from : cells[1].replaceAll("\\([^)]*\\)", "").split(",")) {
                String name = from.replace("`", "").strip();
                name = name.toLowerCase().startsWith(ANYWHERE) ? ANYWHERE : name.split("\\s")[0];
                flows.add(name + " -> " + to + ":" + port.group());
            }
        }
        if (flows.isEmpty()) {
            problems.add("deploy/README.md \"" + SECTION + "\": no table | from | to | port |");
        }
        return flows;
    }
}
