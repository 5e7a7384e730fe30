package dev.brigade.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One reading of a service's {@code /q/metrics} (Prometheus text), by the names and labels an operator's queries
 * use: {@code value("brigade_jobs_failed_total", "type", "crash")}.
 */
public final class Metrics {

    /** One label; a value's runs of plain characters are one step each, so a long value does not recurse deeply. */
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]++|\\\\.)*+)\"");

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private Metrics(List<Sample> samples) {
        this.samples = samples;
    }

    /** The running test's metrics, from its management port. */
    public static Metrics scrape() {
        return parse(ManagementPort.given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    public static Metrics parse(String prometheusText) {
        List<Sample> samples = new ArrayList<>();
        for (String line : prometheusText.split("\n")) {
            Sample sample = sample(line.strip());
            if (sample != null) {
                samples.add(sample);
            }
        }
        return new Metrics(samples);
    }

    /**
     * One sample line: a name, its labels in braces (a quoted value may hold braces and escaped quotes), its value; an
     * exemplar may follow ({@code # {...} 1.0}). Read in one pass, not by a regular expression, whose repeated groups
     * recurse once per character and overflow the stack on a label of some thousand characters.
     */
    private static Sample sample(String line) {
        int nameEnd = 0;
        while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && !Character.isWhitespace(line.charAt(nameEnd))) {
            nameEnd++;
        }
        if (line.startsWith("#") || nameEnd == 0 || nameEnd == line.length()) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int rest = nameEnd;
        if (line.charAt(nameEnd) == '{') {
            boolean quoted = false;
            for (rest = nameEnd + 1; rest < line.length() && (quoted || line.charAt(rest) != '}'); rest++) {
                char c = line.charAt(rest);
                if (c == '\\' && quoted) {
                    rest++;
                } else if (c == '"') {
                    quoted = !quoted;
                }
            }
            if (rest == line.length()) {
                return null;
            }
            for (Matcher label = LABEL.matcher(line.substring(nameEnd + 1, rest)); label.find(); ) {
                labels.put(label.group(1), label.group(2));
            }
            rest++;
        }
        String[] valueAndMore = line.substring(rest).strip().split("\\s+", 2);
        try {
            return new Sample(line.substring(0, nameEnd), labels, Double.parseDouble(valueAndMore[0]));
        } catch (NumberFormatException notASample) {
            return null;
        }
    }

    /** The longest label value of any series, with its series' name: a label holds no text a request chose. */
    public String longestLabel() {
        return samples.stream().flatMap(sample -> sample.labels().values().stream()
                        .map(value -> sample.name() + " " + value))
                .max(java.util.Comparator.comparingInt(String::length)).orElse("");
    }

    /** The names of every series, as written ({@code _total}, {@code _bucket}, {@code _count}... included). */
    public Set<String> names() {
        return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether any series of this name is there. */
    public boolean has(String name) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name));
    }

    /**
     * The sum of the series of this name that carry these labels ({@code "type", "echo", ...}); an
     * {@link AssertionError} when there is none.
     */
    public double value(String name, String... labelPairs) {
        List<Sample> matching = samples.stream().filter(sample -> sample.name().equals(name) && carries(sample, labelPairs))
                .toList();
        if (matching.isEmpty()) {
            throw new AssertionError("no series " + name + " with labels " + String.join(",", labelPairs)
                    + " in /q/metrics");
        }
        return matching.stream().mapToDouble(Sample::value).sum();
    }

    /** The label values the series of this name carry for {@code label}. */
    public List<String> labelValues(String name, String label) {
        return samples.stream().filter(sample -> sample.name().equals(name) && sample.labels().containsKey(label))
                .map(sample -> sample.labels().get(label)).distinct().sorted().toList();
    }

    private static boolean carries(Sample sample, String... labelPairs) {
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
