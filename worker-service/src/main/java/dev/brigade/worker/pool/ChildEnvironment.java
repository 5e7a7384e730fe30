package dev.brigade.worker.pool;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a child gets: an allow-list of the parent's, never all of it. The service's environment holds its
 * secrets (the database password, tokens); a child runs job code on job input and needs none of them.
 */
final class ChildEnvironment {

    /** What a JVM and its libraries use: the program path, the user's home and locale, the time zone, temp files. */
    static final Set<String> ALLOWED = Set.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR");

    private ChildEnvironment() {
    }

    static Map<String, String> of(Map<String, String> parent) {
        Map<String, String> allowed = new TreeMap<>();
        parent.forEach((name, value) -> {
            if (ALLOWED.contains(name)) {
                allowed.put(name, value);
            }
        });
        return allowed;
    }
}
