package dev.brigade.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads, as the dashboard writes them. */
final class PromQl {

    /** Label lists (by, without, on, ignoring, group_left/right), matchers, strings, ranges: no metric names in them. */
    private static final Pattern NOT_NAMES = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)|\\{[^}]*}|\"[^\"]*\"|\\[[^]]*]");
    /** An identifier not followed by '(' (a function) and not a Grafana variable ($__rate_interval). */
    private static final Pattern NAME = Pattern.compile("(?<![$\\w])([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
    /** A histogram's series: the dashboard reads the buckets, the README names the histogram. */
    private static final Pattern HISTOGRAM_SERIES = Pattern.compile("_(bucket|count|sum)$");

    private PromQl() {
    }

    static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(NOT_NAMES.matcher(expression).replaceAll(" "));
        while (m.find()) {
            String name = m.group(1);
            if (!KEYWORDS.contains(name.toLowerCase())) {
                names.add(HISTOGRAM_SERIES.matcher(name).replaceFirst(""));
            }
        }
        return names;
    }
}
