package dev.brigade.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
 * In both cases the directory or jar the child's main class comes from is added when the class path lacks it: in
 * {@code quarkus:dev} the application's own classes ({@code target/classes}) are loaded by Quarkus's dev class
 * loader and are on no class path. The system property {@code brigade.child.classpath} overrides all of this.
 */
public final class ChildClasspath {

    private ChildClasspath() {
    }

    /** The class path for a child that runs {@code mainClass}. */
    public static String detect(String mainClass) {
        return detect(mainClass, null);
    }

    /**
     * Like {@link #detect(String)}, but from a packaged fast-jar only the library jars named in {@code jarNames}
     * ({@code groupId.artifactId}, without version, as Quarkus names them in {@code lib/main}): a child that needs a
     * few of the application's libraries and none of its framework. Null names mean all of them.
     */
    public static String detect(String mainClass, Set<String> jarNames) {
        String override = System.getProperty("brigade.child.classpath");
        if (override != null && !override.isBlank()) {
            return override;
        }
        String classpath = System.getProperty("java.class.path", "");
        if (!classpath.contains(File.pathSeparator) && classpath.endsWith("quarkus-run.jar")) {
            Path parent = Path.of(classpath).toAbsolutePath().getParent();
            if (parent != null) {
                classpath = jarNames == null ? fastJar(parent) : fastJarLibraries(parent, jarNames);
            }
        }
        return withOriginOf(mainClass, classpath);
    }

    private static String fastJarLibraries(Path appDir, Set<String> jarNames) {
        try (Stream<Path> jars = Files.list(appDir.resolve("lib/main"))) {
            return jars.filter(jar -> jarNames.contains(unversioned(jar.getFileName().toString()))).sorted()
                    .map(jar -> jar.toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code org.apache.pdfbox.pdfbox-io-3.0.8.jar} → {@code org.apache.pdfbox.pdfbox-io}: up to "-" and a digit. */
    static String unversioned(String jarFileName) {
        for (int i = 0; i + 1 < jarFileName.length(); i++) {
            if (jarFileName.charAt(i) == '-' && Character.isDigit(jarFileName.charAt(i + 1))) {
                return jarFileName.substring(0, i);
            }
        }
        return jarFileName.endsWith(".jar") ? jarFileName.substring(0, jarFileName.length() - 4) : jarFileName;
    }

    private static String withOriginOf(String mainClass, String classpath) {
        Path origin = originOf(mainClass);
        if (origin == null || List.of(classpath.split(File.pathSeparator)).stream()
                .map(entry -> Path.of(entry).toAbsolutePath().normalize()).anyMatch(origin::equals)) {
            return classpath;
        }
        return classpath.isEmpty() ? origin.toString() : origin + File.pathSeparator + classpath;
    }

    /** The class-path root (a directory or a jar) the class loader finds {@code className} in, or null. */
    private static Path originOf(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        String resource = className.replace('.', '/') + ".class";
        URL url = (loader != null ? loader : ChildClasspath.class.getClassLoader()).getResource(resource);
        if (url == null) {
            return null;
        }
        try {
            if ("file".equals(url.getProtocol())) {
                Path file = Path.of(url.toURI());
                Path root = file;
                for (int i = 0; i < resource.split("/").length && root != null; i++) {
                    root = root.getParent();
                }
                return root == null ? null : root.toAbsolutePath().normalize();
            }
            if ("jar".equals(url.getProtocol())) {
                String jar = url.getPath().substring(0, url.getPath().indexOf("!/"));
                return Path.of(new URI(jar)).toAbsolutePath().normalize();
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        return null;
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
