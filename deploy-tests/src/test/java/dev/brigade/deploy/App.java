package dev.brigade.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One application that deploy/ runs, as its code describes it: a module of the root pom whose
 * application.properties sets quarkus.http.port.
 */
record App(String module, Path dir, String artifactId, String portExpression, Properties properties,
        Set<String> variablesRead, Set<String> optInVariablesRead, Set<String> propertyKeys, boolean usesDatabase,
        boolean hasHealth) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\\s*\"([A-Z][A-Z0-9_]*)\"\\s*\\)");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(?::([^}]*))?}");

    /**
     * Settings whose built-in default depends on the machine and is wrong in a container, so a deployment
     * must set them although no ${VAR} names them: the worker's pool defaults to the node's processor count.
     */
    private static final Map<String, Set<String>> MACHINE_DEPENDENT = Map.of("worker-service", Set.of("WORKER_POOL_SIZE"));

    /**
     * What a deployment tells each application about Keycloak (deploy/README.md, "The issuer split"), known here as
     * well as read from the code, so that a service without them drifts even before or after a change of its
     * properties: the services check tokens (common's microprofile-config.properties: the realm's metadata from
     * OIDC_AUTH_SERVER_URL, the issuer OIDC_ISSUER), order-service signs in as its own client, the page signs users in.
     */
    /**
     * Variables that switch a feature on when set and leave it off when not, so a deployment may leave them out:
     * OTEL_EXPORTER_OTLP_ENDPOINT names a trace collector; without it nothing is exported (README, "Observability").
     */
    static final Set<String> OPT_IN = Set.of("OTEL_EXPORTER_OTLP_ENDPOINT");

    static final Map<String, Set<String>> IDENTITY = Map.of(
            "catalog-service", Set.of("OIDC_AUTH_SERVER_URL", "OIDC_ISSUER"),
            "order-service", Set.of("OIDC_AUTH_SERVER_URL", "OIDC_ISSUER", "ORDER_SERVICE_CLIENT_SECRET"),
            "worker-service", Set.of("OIDC_AUTH_SERVER_URL", "OIDC_ISSUER"),
            "frontend-static", Set.of("OIDC_ISSUER", "OIDC_CLIENT_ID"));

    static App load(Path root, String module) {
        Path dir = root.resolve(module);
        String text = read(dir.resolve("src/main/resources/application.properties"));
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String pom = read(dir.resolve("pom.xml"));
        boolean usesCommon = pom.contains("<artifactId>brigade-common</artifactId>");
        String shared = usesCommon
                ? read(root.resolve("common/src/main/resources/META-INF/microprofile-config.properties")) : "";

        Set<String> variables = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        for (String line : (text + "\n" + shared).split("\n")) {
            String trimmed = line.strip();
            // a commented-out key still names a setting the code reads (e.g. #worker.pool.size=4)
            String setting = trimmed.replaceFirst("^#\\s*", "");
            int eq = setting.indexOf('=');
            if (eq > 0 && !setting.substring(0, eq).contains(" ")) {
                keys.add(setting.substring(0, eq).replaceFirst("^%[a-z]+\\.", ""));
            }
            if (trimmed.startsWith("#") || trimmed.startsWith("%test.") || trimmed.startsWith("%dev.")) {
                continue;
            }
            Matcher m = VARIABLE.matcher(trimmed);
            while (m.find()) {
                variables.add(m.group(1));
            }
        }
        variables.addAll(environmentReadByCode(dir.resolve("src/main/java")));
        Set<String> optIn = new TreeSet<>(OPT_IN);
        optIn.retainAll(variables);
        variables.removeAll(OPT_IN);
        boolean usesDatabase = properties.containsKey("quarkus.datasource.db-kind");
        if (usesDatabase) {
            // the built-in URL points at localhost: a container must be told where PostgreSQL is
            variables.add("QUARKUS_DATASOURCE_JDBC_URL");
        }
        variables.addAll(MACHINE_DEPENDENT.getOrDefault(module, Set.of()));
        variables.addAll(IDENTITY.getOrDefault(module, Set.of()));
        return new App(module, dir, artifactId(dir.resolve("pom.xml")), properties.getProperty("quarkus.http.port"),
                properties, variables, optIn, keys, usesDatabase, pom.contains("<artifactId>quarkus-smallrye-health</artifactId>"));
    }

    /** Variables the Java code reads itself: System.getenv("NAME"). */
    private static Set<String> environmentReadByCode(Path sources) {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(sources)) {
            return names;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                Matcher m = GETENV.matcher(read(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * Directories the running application writes to, as absolute paths in the image (working directory
     * /deployments): settings of the prod profile whose value is a relative path under data/ (the H2 URLs aside,
     * which a PostgreSQL build does not use), and java.io.tmpdir.
     */
    Set<String> writableDirectories() {
        Set<String> dirs = new TreeSet<>();
        dirs.add("/tmp");
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).strip();
            if (key.startsWith("%test.") || key.startsWith("%dev.") || value.startsWith("jdbc:")) {
                continue;
            }
            if (value.matches("(\\./)?data(/.*)?")) {
                dirs.add("/deployments/" + value.replaceFirst("^\\./", ""));
            }
        }
        return dirs;
    }

    /** The image the build documents for this module and every manifest must run. */
    String image() {
        return "brigade/" + artifactId + ":latest";
    }

    /** The port the application listens on with these environment variables (no variables: its default). */
    int port(Map<String, String> environment) {
        if (environment.containsKey("QUARKUS_HTTP_PORT")) {
            return Integer.parseInt(environment.get("QUARKUS_HTTP_PORT").strip());
        }
        return Integer.parseInt(resolve(portExpression, environment).strip());
    }

    int defaultPort() {
        return port(Map.of());
    }

    /** Where /q/* (health, metrics, OpenAPI) is served with these environment variables: the management port. */
    int managementPort(Map<String, String> environment) {
        String port = environment.getOrDefault("QUARKUS_MANAGEMENT_PORT",
                properties.getProperty("quarkus.management.port", "9000"));
        return Integer.parseInt(resolve(port, environment).strip());
    }

    /** Whether an environment variable maps to a setting this application has (SmallRye's env name rule). */
    boolean reads(String variable) {
        if (variablesRead.contains(variable) || optInVariablesRead.contains(variable)) {
            return true;
        }
        return propertyKeys.stream().map(App::environmentName).collect(Collectors.toSet()).contains(variable);
    }

    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static String resolve(String expression, Map<String, String> environment) {
        Matcher m = EXPRESSION.matcher(expression);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String artifactId(Path pom) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("artifactId")) {
                    return e.getTextContent().strip();
                }
            }
            throw new IllegalStateException("no artifactId in " + pom);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
