package io.wasmgi.bench;

import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Calls per microsecond of one compiled mul service, from one and from two threads sharing it (the host's
 * instance pool gives each concurrent caller an instance of its own).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// two threads take longer to settle (C2 recompiles once the pool sees contention): a longer warm-up
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ThroughputBench {

    long a = 6;
    long b = 7;

    private Bench bench;
    private MethodHandle calc;

    @Setup(Level.Trial)
    public void start() throws Exception {
        bench = Bench.start(Map.of());
        calc = bench.serving("mul", "compiled", Map.of());
    }

    @Benchmark
    @Threads(1)
    public long oneThread() throws Throwable {
        return (long) calc.invokeExact(a, b);
    }

    @Benchmark
    @Threads(2)
    public long twoThreads() throws Throwable {
        return (long) calc.invokeExact(a, b);
    }

    /*
     * Diagnostic: the same two, in a JVM that aligns every object to 128 bytes, so that no two objects share a
     * cache line (nor an adjacent-line prefetch pair). If two threads scale here and not above, what holds them
     * back is false sharing between the pool's per-slot objects, which both threads write on every call.
     */
    @Benchmark
    @Threads(1)
    @Fork(value = 1, jvmArgsAppend = "-XX:ObjectAlignmentInBytes=128")
    public long oneThreadAligned() throws Throwable {
        return (long) calc.invokeExact(a, b);
    }

    @Benchmark
    @Threads(2)
    @Fork(value = 1, jvmArgsAppend = "-XX:ObjectAlignmentInBytes=128")
    public long twoThreadsAligned() throws Throwable {
        return (long) calc.invokeExact(a, b);
    }

    @TearDown(Level.Trial)
    public void stop() {
        bench.close();
    }
}
