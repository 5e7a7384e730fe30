package dev.brigade.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The deployment files against published schemas, not against rules of our own: every kustomization under
 * deploy/k8s (the base and each overlay, as kubectl kustomize renders it) against Kubernetes 1.36.0's OpenAPI schema
 * (npm kubernetes-models 5.1.0), and the compose files against the Compose Specification's JSON schema (the copy npm
 * dclint 3.1.0 ships). src/test/schema/validate.mjs does the validating; the build installs its packages (npm ci).
 */
class SchemaValidationTest {

    private static final Path ROOT = Path.of(System.getProperty("brigade.root", "..")).toAbsolutePath().normalize();
    private static final Path VALIDATOR = ROOT.resolve("deploy-tests/src/test/schema");
    private static final Path OUT = ROOT.resolve("deploy-tests/target/schema-check");

    @Test
    void everyRenderedKustomizationIsValidKubernetes() throws Exception {
        assumeTrue(Manifests.kubectlAvailable(), "kubectl is not on the PATH: the manifests were not rendered nor validated");
        Files.createDirectories(OUT);
        List<String> files = new ArrayList<>();
        for (Path kustomization : kustomizations()) {
            Path rendered = OUT.resolve(ROOT.resolve("deploy/k8s").relativize(kustomization).toString().replace('/', '-') + ".yaml");
            Files.writeString(rendered, Manifests.kustomize(kustomization));
            files.add(rendered.toString());
        }
        assertTrue(files.size() >= 3, "expected the base and the kind and production overlays, found " + files);
        validate("kubernetes", files).requireSuccess();
    }

    @Test
    void composeFilesAreValidCompose() throws Exception {
        validate("compose", List.of(ROOT.resolve("deploy/compose.yaml").toString(),
                ROOT.resolve("deploy/observability/compose.yaml").toString(),
                ROOT.resolve("deploy/podman/compose.local.yaml").toString(),
                ROOT.resolve("deploy/podman/compose.aot-training.yaml").toString())).requireSuccess();
    }

    /** The validator says no to what a cluster or compose would refuse, naming the field. */
    @Test
    void theValidatorRefusesWhatTheSchemasForbid() throws Exception {
        Files.createDirectories(OUT);
        Path deployment = OUT.resolve("broken-deployment.yaml");
        Files.writeString(deployment, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: broken}
                spec:
                  replicas: one
                  selector: {matchLabels: {app: broken}}
                  template:
                    metadata: {labels: {app: broken}}
                    spec:
                      containers: [{name: app, image: brigade/catalog-service:latest, ports: [{name: http}]}]
                """);
        Result kubernetes = validate("kubernetes", List.of(deployment.toString()));
        assertEquals(1, kubernetes.exit(), kubernetes.output());
        assertTrue(kubernetes.output().contains("/spec/replicas must be integer"), kubernetes.output());
        assertTrue(kubernetes.output().contains("must have required property containerPort"), kubernetes.output());

        Path compose = OUT.resolve("broken-compose.yaml");
        Files.writeString(compose, """
                services:
                  shop:
                    imgae: brigade/frontend-static:latest
                    depends_on: {db: {condition: service_healty}}
                """);
        Result composeResult = validate("compose", List.of(compose.toString()));
        assertNotEquals(0, composeResult.exit(), composeResult.output());
        assertTrue(composeResult.output().contains("must NOT have additional properties"), composeResult.output());
    }

    private static List<Path> kustomizations() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("deploy/k8s"))) {
            // a Component is rendered by the overlays that include it (kind: components/observability), not alone
            return files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .filter(f -> !App.read(f).contains("\nkind: Component\n"))
                    .map(Path::getParent).sorted().toList();
        }
    }

    private static Result validate(String what, List<String> files) throws IOException, InterruptedException {
        assertTrue(Files.isDirectory(VALIDATOR.resolve("node_modules")),
                "the validator's packages are not installed: the build runs npm ci in " + VALIDATOR + " (it needs node and npm)");
        List<String> command = new ArrayList<>(List.of("node", VALIDATOR.resolve("validate.mjs").toString(), what));
        command.addAll(files);
        return run(command);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(String.join(" ", command), p.exitValue(), output);
    }

    private record Result(String command, int exit, String output) {
        String requireSuccess() {
            assertEquals(0, exit, command + " failed:\n" + output);
            return output;
        }
    }
}
