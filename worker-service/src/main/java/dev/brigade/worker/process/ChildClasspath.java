package dev.brigade.worker.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class path a forked child gets when {@link ForkOptions#classpath()} is null.
 * <ul>
 * <li>Packaged fast-jar ({@code target/quarkus-app}, also the container image): {@code java.class.path} is only
 * {@code quarkus-run.jar}, whose loader is Quarkus's own; the child gets {@code app/*.jar}, {@code lib/main/*.jar}
 * and {@code lib/boot/*.jar} of that directory as a plain class path.</li>
 * <li>Tests (surefire), {@code quarkus:dev}, an IDE: {@code java.class.path} as it is. Where it is a single
 * launcher jar (surefire's booter jar, the dev-mode jar), the JVM follows that jar's manifest {@code Class-Path},
 * so the child sees the same classes.</li>
 * </ul>
 * The system property {@code brigade.child.classpath} overrides both.
 */
public final class ChildClasspath {

    private ChildClasspath() {
    }

    public static String detect() {
        String override = System.getProperty("brigade.child.classpath");
        if (override != null && !override.isBlank()) {
            return override;
        }
        String classpath = System.getProperty("java.class.path", "");
        if (!classpath.contains(File.pathSeparator) && classpath.endsWith("quarkus-run.jar")) {
            Path parent = Path.of(classpath).toAbsolutePath().getParent();
            if (parent != null) {
                return fastJar(parent);
            }
        }
        return classpath;
    }

    /** The plain class path of a Quarkus fast-jar directory ({@code quarkus-app}). */
    public static String fastJar(Path appDir) {
        List<String> entries = new ArrayList<>();
        for (String dir : List.of("app", "lib/main", "lib/boot")) {
            Path path = appDir.resolve(dir);
            if (!Files.isDirectory(path)) {
                continue;
            }
            try (Stream<Path> jars = Files.list(path)) {
                jars.filter(p -> p.toString().endsWith(".jar")).sorted()
                        .forEach(p -> entries.add(p.toAbsolutePath().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
