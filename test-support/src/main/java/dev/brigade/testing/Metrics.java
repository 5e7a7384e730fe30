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

    /** A name, its labels (quoted values may hold braces), its value; an exemplar may follow ({@code # {...} 1.0}). */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{((?:[^}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*)})?\\s+(\\S+).*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

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
            Matcher sample = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                for (Matcher label = LABEL.matcher(sample.group(2)); label.find(); ) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        }
        return new Metrics(samples);
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
