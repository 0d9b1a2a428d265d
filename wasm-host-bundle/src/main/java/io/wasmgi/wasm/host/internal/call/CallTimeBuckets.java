package io.wasmgi.wasm.host.internal.call;

import java.util.ArrayList;
import java.util.List;

import io.wasmgi.wasm.host.api.CallTimes;

/**
 * The buckets of timed calls, for a histogram of every call timed since the plugin started: four to each power
 * of two of nanoseconds (within 25% of the time), so that a bucket's index takes a few shifts, no division.
 */
public final class CallTimeBuckets {

    /** Bucket 247 holds the longest time there is (2^63 - 1 ns). */
    static final int COUNT = 248;

    private CallTimeBuckets() {}

    /** The bucket of a time in nanoseconds (negative counts as 0). */
    static int index(long nanos) {
        if (nanos < 4) {
            return nanos <= 0 ? 0 : (int) nanos;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int quarter = (int) (nanos >>> (exponent - 2)) & 3;
        return 4 * (exponent - 1) + quarter;
    }

    /** The longest time a bucket holds, in nanoseconds. */
    static long upperBound(int index) {
        if (index < 4) {
            return index;
        }
        int exponent = index / 4 + 1;
        long lower = (4L + index % 4) << (exponent - 2);
        return lower + (1L << (exponent - 2)) - 1;
    }

    /** The buckets' totals as the API shows them, with the recent calls' median and 99th percentile. */
    static CallTimes view(long[] counts, long sampled, long sumNanos, long p50Nanos, long p99Nanos) {
        List<CallTimes.Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                buckets.add(new CallTimes.Bucket(upperBound(i), counts[i]));
            }
        }
        return new CallTimes(sampled, sumNanos, p50Nanos, p99Nanos, buckets);
    }
}
