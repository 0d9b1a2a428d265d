package io.wasmgi.wasm.host.api;

import java.util.List;

/**
 * How long a plugin's calls took, from the calls the host times (on each instance the first 64, then one in 64:
 * a clock read costs more than a fast call).
 *
 * @param sampled  how many calls were timed since the plugin started serving
 * @param sumNanos their total time
 * @param p50Nanos the median of the recent timed calls (each instance's latest 128; 0 before any call)
 * @param p99Nanos their 99th percentile
 * @param buckets  every timed call by bucket: the non-empty ones, by rising bound; each counts the calls that
 *                 took at most {@code upToNanos} and more than the bound of the bucket below it in the host's
 *                 fixed series (four buckets to each power of two of nanoseconds; a power of two is always a
 *                 bucket's end)
 */
public record CallTimes(long sampled, long sumNanos, long p50Nanos, long p99Nanos, List<Bucket> buckets) {

    public CallTimes {
        buckets = List.copyOf(buckets);
    }

    /** One bucket: {@code count} timed calls took at most {@code upToNanos}. */
    public record Bucket(long upToNanos, long count) {}
}
