package io.wasmgi.wasm.host.internal.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void theMedianAndThe99thPercentileOfTheSamplesGiven() {
        long[] nanos = LongStream.rangeClosed(1, 200).map(i -> 201 - i).toArray(); // 200 down to 1
        Latency latency = Latency.of(nanos, 100); // only the first 100: 200 down to 101
        assertEquals(100, latency.samples());
        assertEquals(150, latency.p50Nanos());
        assertEquals(199, latency.p99Nanos());
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Latency latency = Latency.of(new long[] {42_000}, 1);
        assertEquals("42.0 us / 42.0 us", latency.describe());
    }

    @Test
    void noCallYetIsADash() {
        assertEquals("-", Latency.of(new long[0], 0).describe());
    }

    @Test
    void unitsAUserCanRead() {
        assertEquals("999 ns", Latency.format(999));
        assertEquals("1.5 us", Latency.format(1_500));
        assertEquals("12.3 ms", Latency.format(12_300_000));
        assertEquals("2.50 s", Latency.format(2_500_000_000L));
    }
}
