package io.wasmgi.wasm.host.api;

import java.util.List;

/**
 * How long a plugin's calls took, from the sample the host times (one call in 64 on each instance: a clock read
 * costs more than a fast call).
 *
 * @param sampled  how many calls were timed
 * @param sumNanos their total time
 * @param p50Nanos the median, estimated from the buckets (0 if none was timed)
 * @param p99Nanos the 99th percentile, estimated likewise
 * @param buckets  the non-empty buckets, by rising bound; each counts the timed calls that took at most
 *                 {@code upToNanos} and more than the bound of the bucket before it in the host's fixed series
 */
public record CallTimes(long sampled, long sumNanos, long p50Nanos, long p99Nanos, List<Bucket> buckets) {

    public CallTimes {
        buckets = List.copyOf(buckets);
    }

    /** One bucket: {@code count} timed calls took at most {@code upToNanos}. */
    public record Bucket(long upToNanos, long count) {}
}
