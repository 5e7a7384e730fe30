package dev.brigade.worker.metrics;

import java.time.Duration;
import java.util.Arrays;

import io.micrometer.core.instrument.Timer;

/**
 * Timers published as Prometheus histograms with a few fixed buckets, the boundaries an operator sets objectives
 * on, rather than client-side percentiles: buckets add up across instances, percentiles do not.
 */
final class Histograms {

    private Histograms() {
    }

    static Timer.Builder withBuckets(String name, String description, double... boundariesInSeconds) {
        return Timer.builder(name).description(description).publishPercentileHistogram(false)
                .serviceLevelObjectives(Arrays.stream(boundariesInSeconds)
                        .mapToObj(seconds -> Duration.ofMillis(Math.round(seconds * 1000))).toArray(Duration[]::new));
    }
}
