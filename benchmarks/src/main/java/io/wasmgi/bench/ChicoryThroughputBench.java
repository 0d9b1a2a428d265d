package io.wasmgi.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Diagnostic, the control for {@link ThroughputBench}: compiled mul on bare Chicory, one instance per thread
 * (as the host's pool gives each concurrent caller), nothing shared. How far the machine scales.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// the same settings as ThroughputBench, so that the two compare
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ChicoryThroughputBench {

    long a = 6;
    long b = 7;

    private ChicoryBench.Raw raw;

    @Setup
    public void start() throws IOException {
        raw = ChicoryBench.instantiate("mul");
    }

    @Benchmark
    @Threads(1)
    public long oneThread() {
        return Integer.toUnsignedLong((int) raw.calc().apply(a, b)[0]);
    }

    @Benchmark
    @Threads(2)
    public long twoThreads() {
        return Integer.toUnsignedLong((int) raw.calc().apply(a, b)[0]);
    }

    @TearDown
    public void close() {
        raw.wasi().close();
    }
}
