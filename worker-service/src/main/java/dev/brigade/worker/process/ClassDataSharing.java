package dev.brigade.worker.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Application class-data sharing (AppCDS) for forked children: a dynamic archive of the classes a child loads
 * (Jackson, the child program) makes the next children start faster.
 * <p>
 * The archive's name is a hash of the Java runtime and of every class path entry with its size and modification
 * time, so a rebuilt jar or another JDK simply gets a new archive instead of a rejected one. A training child
 * started with {@link #trainingOptions} writes the archive when it exits normally; children started with
 * {@link #useOptions} load it. Java 17 needs both steps ({@code -XX:+AutoCreateSharedArchive} came with 19).
 */
public final class ClassDataSharing {

    private ClassDataSharing() {
    }

    /** The archive for this class path in {@code dir} (which may not exist yet). */
    public static Path archive(Path dir, String classpath) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((System.getProperty("java.home") + "|" + System.getProperty("java.vm.version"))
                    .getBytes(StandardCharsets.UTF_8));
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
            return dir.resolve("child-" + HexFormat.of().formatHex(digest.digest(), 0, 8) + ".jsa");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> useOptions(Path archive) {
        return List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath());
    }

    public static List<String> trainingOptions(Path archive) throws IOException {
        Files.createDirectories(archive.toAbsolutePath().getParent());
        return List.of("-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath());
    }
}
