package io.wasmgi.wasm.host.internal.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallTimeBucketsTest {

    @Test
    void everyTimeFallsInTheBucketWhoseBoundsHoldIt() {
        long[] times = {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 100, 1000, 65_535, 65_536, 1_000_000_007L, Long.MAX_VALUE};
        for (long nanos : times) {
            int i = CallTimeBuckets.index(nanos);
            assertTrue(i >= 0 && i < CallTimeBuckets.COUNT, nanos + " -> " + i);
            assertTrue(nanos <= CallTimeBuckets.upperBound(i), nanos + " above its bucket's bound");
            assertTrue(i == 0 || nanos > CallTimeBuckets.upperBound(i - 1), nanos + " within the bucket below");
        }
        assertEquals(0, CallTimeBuckets.index(-5));
        assertEquals(Long.MAX_VALUE, CallTimeBuckets.upperBound(CallTimeBuckets.COUNT - 1));
    }

    @Test
    void aBucketSpansAQuarterOfItsPowerOfTwo() {
        for (int i = 8; i < CallTimeBuckets.COUNT; i++) {
            long low = CallTimeBuckets.upperBound(i - 1) + 1;
            long high = CallTimeBuckets.upperBound(i);
            assertTrue(high - low + 1 <= low / 4 + 1, "bucket " + i + ": " + low + ".." + high);
        }
    }

    @Test
    void aPowerOfTwoIsNeverInsideABucket() {
        // the console sums these buckets into a histogram whose bounds are powers of two
        for (int shift = 2; shift < 63; shift++) {
            long power = 1L << shift;
            assertEquals(power - 1, CallTimeBuckets.upperBound(CallTimeBuckets.index(power - 1)), "2^" + shift);
        }
    }
}
