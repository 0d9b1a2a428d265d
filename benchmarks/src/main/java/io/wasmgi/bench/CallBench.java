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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code calc} call of a plugin's CalcOperator service, compiled or interpreted, from outside the
 * framework through a bound MethodHandle (compare with {@link FloorBench#javaAdd}, called the same way).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CallBench {

    @Param({"add", "mul"})
    String plugin;

    @Param({"compiled", "interpreter"})
    String engine;

    // fields, not constants, so that the JIT cannot fold the operands
    long a = 6;
    long b = 7;

    private Bench bench;
    private MethodHandle calc;

    @Setup(Level.Trial)
    public void start() throws Exception {
        bench = Bench.start(Map.of());
        calc = bench.serving(plugin, engine, Map.of());
    }

    @Benchmark
    public long call() throws Throwable {
        return (long) calc.invokeExact(a, b);
    }

    @TearDown(Level.Trial)
    public void stop() {
        bench.close();
    }
}
