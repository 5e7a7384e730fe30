package dev.brigade.worker.child;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The jars a child needs, by name ({@code groupId.artifactId}, as a Quarkus fast-jar names its libraries): this
 * module and its runtime dependencies, listed at build time in {@code META-INF/brigade/child-jars.txt}. A packaged
 * worker-service gives its children only these, so the child's class path holds no Quarkus.
 */
public final class ChildJars {

    private static final String LIST = "META-INF/brigade/child-jars.txt";

    private ChildJars() {
    }

    public static Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        names.add("dev.brigade.worker-child");
        try (InputStream in = ChildJars.class.getClassLoader().getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException(LIST + " is missing from worker-child's jar: rebuild it with Maven");
            }
            // "./com.fasterxml.jackson.core.jackson-databind.jar,./org.apache.pdfbox.pdfbox.jar,..."
            Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(","))
                    .map(entry -> entry.substring(entry.lastIndexOf('/') + 1).replaceFirst("\\.jar$", ""))
                    .forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
