package io.wasmgi.console.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.wasm.host.api.CallTimes;
import io.wasmgi.wasm.host.api.PluginHost;
import io.wasmgi.wasm.host.api.PluginState;
import io.wasmgi.wasm.host.api.PluginView;

/**
 * Each plugin's figures, read from the host when Prometheus scrapes: the host's own counters (calls, faults by
 * reason, the timed calls' buckets, memory), so that a call costs nothing more for being measured.
 */
final class PluginMetrics implements MultiCollector {

    /** The call-duration buckets' bounds, in nanoseconds: powers of 4 from 256 ns to 17 s (powers of two, as the host's buckets' ends are). */
    private static final long[] BOUNDS_NANOS = bounds();

    private final PluginHost host;

    PluginMetrics(PluginHost host) {
        this.host = host;
    }

    @Override
    public MetricSnapshots collect() {
        List<PluginView> plugins = host.plugins();
        CounterSnapshot.Builder calls = CounterSnapshot.builder()
                .name("wasmgi_plugin_calls")
                .help("Calls made to a plugin's operator since it started serving");
        CounterSnapshot.Builder faults = CounterSnapshot.builder()
                .name("wasmgi_plugin_faults")
                .help("Calls to a plugin that failed, by reason (FAULT, TIMEOUT, GONE, INTERRUPTED)");
        HistogramSnapshot.Builder durations = HistogramSnapshot.builder()
                .name("wasmgi_plugin_call_duration_seconds")
                .help("How long a plugin's timed calls took: the first 64 of each instance, then one call in 64");
        GaugeSnapshot.Builder memory = GaugeSnapshot.builder()
                .name("wasmgi_plugin_memory_bytes")
                .help("Linear memory held by a plugin's idle instances");
        GaugeSnapshot.Builder memoryLimit = GaugeSnapshot.builder()
                .name("wasmgi_plugin_memory_limit_bytes")
                .help("The most linear memory one instance of a plugin may hold");
        Map<PluginState, Integer> byState = new EnumMap<>(PluginState.class);
        for (PluginState state : PluginState.values()) {
            byState.put(state, 0);
        }
        for (PluginView plugin : plugins) {
            byState.merge(plugin.state(), 1, Integer::sum);
            if (plugin.state() != PluginState.SERVING) {
                continue;
            }
            Labels labels = Labels.of(
                    "bundle_id", Long.toString(plugin.bundleId()),
                    "plugin", plugin.symbolicName(),
                    "symbol", String.valueOf(plugin.symbol()));
            calls.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(labels)
                    .value((double) plugin.calls())
                    .build());
            for (CalcException.Reason reason : CalcException.Reason.values()) {
                faults.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(labels.add("reason", reason.name()))
                        .value((double) plugin.faults().getOrDefault(reason, 0L))
                        .build());
            }
            durations.dataPoint(histogram(labels, plugin.times()));
            memory.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(labels)
                    .value((double) plugin.memoryBytes())
                    .build());
            memoryLimit.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(labels)
                    .value((double) plugin.memoryLimitBytes())
                    .build());
        }
        GaugeSnapshot.Builder states =
                GaugeSnapshot.builder().name("wasmgi_plugins").help("Plugin bundles the host knows, by state");
        byState.forEach((state, n) -> states.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("state", state.name().toLowerCase(java.util.Locale.ROOT)))
                .value(n)
                .build()));
        return MetricSnapshots.of(
                calls.build(), faults.build(), durations.build(), memory.build(), memoryLimit.build(), states.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(
                "wasmgi_plugin_calls",
                "wasmgi_plugin_faults",
                "wasmgi_plugin_call_duration_seconds",
                "wasmgi_plugin_memory_bytes",
                "wasmgi_plugin_memory_limit_bytes",
                "wasmgi_plugins");
    }

    /** The host's fine buckets summed into the fixed bounds: a host bucket never straddles one. */
    private static HistogramDataPointSnapshot histogram(Labels labels, CallTimes times) {
        long[] counts = new long[BOUNDS_NANOS.length + 1];
        for (CallTimes.Bucket bucket : times.buckets()) {
            int i = 0;
            while (i < BOUNDS_NANOS.length && bucket.upToNanos() > BOUNDS_NANOS[i]) {
                i++;
            }
            counts[i] += bucket.count();
        }
        List<Double> bounds = new ArrayList<>();
        List<Long> perBucket = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            bounds.add(i < BOUNDS_NANOS.length ? BOUNDS_NANOS[i] / 1e9 : Double.POSITIVE_INFINITY);
            perBucket.add(counts[i]);
        }
        return HistogramDataPointSnapshot.builder()
                .labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, perBucket))
                .sum(times.sumNanos() / 1e9)
                .build();
    }

    private static long[] bounds() {
        long[] bounds = new long[14];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = 256L << (2 * i);
        }
        return bounds;
    }
}
