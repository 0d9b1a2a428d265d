package io.wasmgi.wasm.host.internal.call;

import java.util.ArrayList;
import java.util.List;

import io.wasmgi.wasm.host.api.CallTimes;

/**
 * The buckets of timed calls: four to each power of two of nanoseconds (within 25% of the time), so that a
 * bucket's index takes a few shifts, no division, and a percentile can be read back close enough.
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

    /** The buckets' totals as the API shows them, with the median and 99th percentile. */
    static CallTimes view(long[] counts, long sampled, long sumNanos) {
        List<CallTimes.Bucket> buckets = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                buckets.add(new CallTimes.Bucket(upperBound(i), counts[i]));
                total += counts[i];
            }
        }
        return new CallTimes(sampled, sumNanos, percentile(counts, total, 50), percentile(counts, total, 99), buckets);
    }

    /** The bound of the bucket holding the {@code percent}th percentile of {@code total} times, or 0. */
    static long percentile(long[] counts, long total, int percent) {
        if (total == 0) {
            return 0;
        }
        long rank = (total * percent + 99) / 100; // the ceil of total x percent / 100: at least 1
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(counts.length - 1);
    }
}
