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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Diagnostic: {@link PowBench} compiled, in a JVM whose C2 does not unroll loops. Unrolled, C2 regroups the
 * chain r*a*a*a... around the loop-invariant a and does fewer dependent multiplications than the loop asks
 * for, which V8 and clang (made to keep the loop, see pow.c) do not: this run is the like-for-like loop.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:LoopUnrollLimit=0")
@State(Scope.Benchmark)
public class PowNoUnrollBench {

    long a = 3;
    long b = PowBench.B_COMPILED;

    private Bench bench;
    private MethodHandle calc;

    @Setup(Level.Trial)
    public void start() throws Exception {
        bench = Bench.start(Map.of());
        calc = PowBench.serve(bench, "compiled", a, b);
    }

    @Benchmark
    public long pow() throws Throwable {
        return (long) calc.invokeExact(a, b);
    }

    @TearDown(Level.Trial)
    public void stop() {
        bench.close();
    }
}
