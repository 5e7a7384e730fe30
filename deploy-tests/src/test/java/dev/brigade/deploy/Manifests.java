package dev.brigade.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Kubernetes objects as `kubectl kustomize` renders them, and small typed look-ups into them. */
final class Manifests {

    private final List<Map<String, Object>> objects;

    private Manifests(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Renders a kustomization with kubectl's built-in kustomize; an error fails the test with kubectl's words. */
    static Manifests render(Path kustomization) throws IOException, InterruptedException {
        return new Manifests(parseAll(kustomize(kustomization)));
    }

    /**
     * kubectl kustomize's output. Its errors go to a file, not a pipe read after the output: with both piped, a
     * rendering larger than the pipe's buffer (64 KiB) blocked kubectl and the reader of the other pipe for ever.
     */
    static String kustomize(Path kustomization) throws IOException, InterruptedException {
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", kustomization.toString()).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + kustomization + " failed: " + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parseAll(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(str(map(o, "metadata").get("name"))))
                .findFirst();
    }

    /** Every rendered object. */
    List<Map<String, Object>> all() {
        return objects;
    }

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    /** The Deployment's first container (every app runs in one; init containers aside). */
    static Map<String, Object> mainContainer(Map<String, Object> deployment) {
        return list(podSpec(deployment), "containers").stream().map(Manifests::asMap).findFirst().orElseThrow();
    }

    static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(map(map(deployment, "spec"), "template"), "spec");
    }

    /**
     * The container's environment with ConfigMap and Secret references resolved against the rendered objects.
     * A reference to a missing ConfigMap, Secret or key is reported in {@code problems}.
     */
    Map<String, String> environment(String where, Map<String, Object> container, List<String> problems) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object item : list(container, "env")) {
            Map<String, Object> var = asMap(item);
            String name = str(var.get("name"));
            if (var.containsKey("value")) {
                env.put(name, str(var.get("value")));
                continue;
            }
            Map<String, Object> from = map(var, "valueFrom");
            if (from.containsKey("configMapKeyRef")) {
                env.put(name, lookup(where, name, "ConfigMap", map(from, "configMapKeyRef"), problems));
            } else if (from.containsKey("secretKeyRef")) {
                env.put(name, lookup(where, name, "Secret", map(from, "secretKeyRef"), problems));
            } else {
                env.put(name, "");
            }
        }
        return env;
    }

    /** The container's env entries by name, as written (value or valueFrom). */
    static Map<String, Map<String, Object>> envEntries(Map<String, Object> container) {
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        for (Object item : list(container, "env")) {
            entries.put(str(asMap(item).get("name")), asMap(item));
        }
        return entries;
    }

    /** "Secret NAME key KEY" when the variable is taken from a Secret, else empty. */
    static Optional<String> secretSource(Map<String, Object> container, String variable) {
        Map<String, Object> ref = map(map(asMap(envEntries(container).get(variable)), "valueFrom"), "secretKeyRef");
        return ref.isEmpty() ? Optional.empty() : Optional.of("Secret " + str(ref.get("name")) + " key " + str(ref.get("key")));
    }

    /** Every container of every workload (Deployment, StatefulSet, ...), init containers too, by "Kind/name container". */
    Map<String, Map<String, Object>> allContainers() {
        Map<String, Map<String, Object>> containers = new LinkedHashMap<>();
        for (Map<String, Object> o : objects) {
            Map<String, Object> pod = podSpec(o);
            for (String kind : List.of("initContainers", "containers")) {
                for (Object c : list(pod, kind)) {
                    containers.put(o.get("kind") + "/" + str(map(o, "metadata").get("name")) + " " + str(asMap(c).get("name")),
                            asMap(c));
                }
            }
        }
        return containers;
    }

    private String lookup(String where, String variable, String kind, Map<String, Object> ref, List<String> problems) {
        String name = str(ref.get("name"));
        String key = str(ref.get("key"));
        Optional<Map<String, Object>> object = find(kind, name);
        if (object.isEmpty()) {
            problems.add(where + ": " + variable + " refers to " + kind + " " + name + ", which the manifests do not define");
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>(map(object.get(), "data"));
        data.putAll(map(object.get(), "stringData"));
        if (!data.containsKey(key)) {
            problems.add(where + ": " + variable + " refers to key " + key + " of " + kind + " " + name + ", which has no such key");
            return null;
        }
        return kind.equals("Secret") && !map(object.get(), "stringData").containsKey(key)
                ? new String(java.util.Base64.getDecoder().decode(str(data.get(key))), StandardCharsets.UTF_8)
                : str(data.get(key));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static Map<String, Object> map(Map<String, Object> o, String key) {
        return asMap(o.get(key));
    }

    static List<Object> list(Map<String, Object> o, String key) {
        return o.get(key) instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
