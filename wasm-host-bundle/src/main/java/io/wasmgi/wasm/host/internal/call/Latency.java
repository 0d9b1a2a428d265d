package io.wasmgi.wasm.host.internal.call;

import java.util.Arrays;

/**
 * The median and 99th percentile of a plugin's recent call times, from the sampled calls (each time includes the
 * clock's own cost, some 20 to 40 ns).
 */
public record Latency(int samples, long p50Nanos, long p99Nanos) {

    static Latency of(long[] nanos, int count) {
        if (count == 0) {
            return new Latency(0, 0, 0);
        }
        Arrays.sort(nanos, 0, count);
        return new Latency(count, nanos[rank(count, 50)], nanos[rank(count, 99)]);
    }

    /** The nearest-rank percentile's index. */
    private static int rank(int count, int percent) {
        return Math.max(0, (int) Math.ceil(count * percent / 100.0) - 1);
    }

    /** As a user reads it: {@code 41 ns / 1.3 us}, or a dash before any call. */
    public String describe() {
        return samples == 0 ? "-" : format(p50Nanos) + " / " + format(p99Nanos);
    }

    static String format(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return String.format("%.1f us", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format("%.1f ms", nanos / 1e6);
        }
        return String.format("%.2f s", nanos / 1e9);
    }
}
