package dev.brigade.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the repository's README.md documents for operators. */
final class Readme {

    static final String OBSERVABILITY = "## Observability";
    static final String METRICS = "### Metrics";
    private static final Pattern NAME = Pattern.compile("`([a-z_:][a-z0-9_:]*)(?:\\{[^}`]*})?`");

    private Readme() {
    }

    /**
     * The metric names in the first column of the table under "### Metrics" in "## Observability" (backticked, as
     * Prometheus exports them; labels in braces after a name are dropped).
     */
    static Set<String> metrics() {
        String readme = App.read(DeployManifestsTest.root.resolve("README.md"));
        int section = readme.indexOf("\n" + OBSERVABILITY + "\n");
        int start = section < 0 ? -1 : readme.indexOf("\n" + METRICS + "\n", section);
        int nextSection = section < 0 ? -1 : readme.indexOf("\n## ", section + 1);
        if (start < 0 || (nextSection >= 0 && start > nextSection)) {
            throw new AssertionError("README.md has no \"" + METRICS + "\" in \"" + OBSERVABILITY + "\": the dashboard's "
                    + "metrics are documented there");
        }
        Set<String> names = new TreeSet<>();
        boolean inTable = false;
        for (String line : readme.substring(start + METRICS.length() + 2).split("\n")) {
            if (line.startsWith("|")) {
                inTable = true;
                Matcher m = NAME.matcher(line.split("\\|")[1]);
                while (m.find()) {
                    names.add(m.group(1));
                }
            } else if (inTable || line.startsWith("#")) {
                break;
            }
        }
        if (names.isEmpty()) {
            throw new AssertionError("README.md \"" + METRICS + "\": no table whose first column names metrics in backticks");
        }
        return names;
    }
}
