package dev.brigade.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The JDK's AOT cache (JDK 25: JEPs 483, 514 and 515) for forked children: the classes a child loads and links,
 * with their method profiles, so the next children start with them in place instead of parsing Jackson, PDFBox and
 * the child program again.
 * <p>
 * The cache's name is a hash of the Java runtime, the children's JVM options and every class path entry with its
 * size and modification time, so a rebuilt jar, another JDK or other options get a new cache instead of a stale
 * one. A training child started with {@link #trainingOptions} records what it loaded and how its methods ran when it
 * exits normally; {@link #create} assembles the cache from that record in a JVM of its own (the two steps JEP 514
 * folds into {@code -XX:AOTCacheOutput}, kept apart so that the assembly's console output never reaches the
 * child's stdout, which carries its frames). Children started with {@link #useOptions} map the cache. A JVM that
 * cannot use a cache silently starts without it; {@link #usable} asks the JVM once, with {@code -XX:AOTMode=on},
 * which makes it fail instead.
 */
public final class AotCache {

    private AotCache() {
    }

    /** The cache for this class path and these JVM options, in {@code dir} (which may not exist yet). */
    public static Path cacheFor(Path dir, String classpath, List<String> jvmOptions) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|"
                    + String.join(" ", jvmOptions)).getBytes(StandardCharsets.UTF_8));
            for (String entry : classpath.split(File.pathSeparator)) {
                Path path = Path.of(entry);
                String stamp = entry;
                try {
                    stamp += "|" + Files.size(path) + "|" + Files.getLastModifiedTime(path).toMillis();
                } catch (IOException e) {
                    stamp += "|missing";
                }
                digest.update(stamp.getBytes(StandardCharsets.UTF_8));
            }
            return dir.resolve("child-" + HexFormat.of().formatHex(digest.digest(), 0, 8) + ".aot");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A child's JVM options that map {@code cache}. */
    public static List<String> useOptions(List<String> jvmOptions, Path cache) {
        return with(jvmOptions, List.of("-XX:AOTCache=" + cache.toAbsolutePath()));
    }

    /**
     * A training child's JVM options: record into {@code configuration}; VM messages to stderr, not the stdout that
     * carries the child's frames.
     */
    public static List<String> trainingOptions(List<String> jvmOptions, Path configuration) throws IOException {
        Files.createDirectories(configuration.toAbsolutePath().getParent());
        return with(jvmOptions, List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration.toAbsolutePath(),
                "-XX:+DisplayVMOutputToStderr", "-Xlog:aot*=off:stderr"));
    }

    /** Assembles {@code cache} from a training child's {@code configuration}; true when the JVM wrote it. */
    public static boolean create(List<String> jvmOptions, String classpath, Path configuration, Path cache) {
        return succeeds(with(jvmOptions, List.of("-XX:AOTMode=create",
                "-XX:AOTConfiguration=" + configuration.toAbsolutePath(), "-XX:AOTCache=" + cache.toAbsolutePath(),
                "-cp", classpath)));
    }

    /** Whether a child JVM with these options and class path maps {@code cache}: one short {@code -version} run. */
    public static boolean usable(List<String> jvmOptions, String classpath, Path cache) {
        return succeeds(with(jvmOptions, List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache.toAbsolutePath(),
                "-cp", classpath, "-version")));
    }

    /** {@code jvmOptions} without any {@code -Xshare} (the JVM refuses them with an AOT mode), then {@code aot}. */
    private static List<String> with(List<String> jvmOptions, List<String> aot) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.removeIf(option -> option.startsWith("-Xshare"));
        options.addAll(aot);
        return options;
    }

    private static boolean succeeds(List<String> arguments) {
        // The bound turns a hung JVM into "no"; each run takes about a second.
        return ChildProcesses.execFile(ChildProcesses.javaCommand().toString(), arguments,
                        ExecOptions.defaults().withTimeout(Duration.ofMinutes(3)))
                .handle((result, failure) -> failure == null)
                .join();
    }
}
