package io.wasmgi.console.internal;

import java.util.ArrayList;
import java.util.List;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * How long plugins' loads took, by outcome, from the host's events: a histogram kept here (a few counters under a
 * lock, once per load) rather than the client's own, whose scheduler thread would outlive this bundle.
 */
final class LoadTimes implements MultiCollector {

    static final String NAME = "wasmgi_plugin_load_duration_seconds";
    private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final String[] OUTCOMES = {"serving", "refused"};

    private final long[][] counts = new long[OUTCOMES.length][BOUNDS.length + 1];
    private final double[] sums = new double[OUTCOMES.length];

    synchronized void observe(boolean refused, double seconds) {
        int outcome = refused ? 1 : 0;
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        counts[outcome][i]++;
        sums[outcome] += seconds;
    }

    @Override
    public synchronized MetricSnapshots collect() {
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder()
                .name(NAME)
                .help("How long loading a plugin took (read, parse, check, first instance), by outcome");
        for (int outcome = 0; outcome < OUTCOMES.length; outcome++) {
            List<Double> bounds = new ArrayList<>();
            List<Long> perBucket = new ArrayList<>();
            for (int i = 0; i <= BOUNDS.length; i++) {
                bounds.add(i < BOUNDS.length ? BOUNDS[i] : Double.POSITIVE_INFINITY);
                perBucket.add(counts[outcome][i]);
            }
            histogram.dataPoint(HistogramDataPointSnapshot.builder()
                    .labels(Labels.of("outcome", OUTCOMES[outcome]))
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, perBucket))
                    .sum(sums[outcome])
                    .build());
        }
        return MetricSnapshots.of(histogram.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(NAME);
    }
}
