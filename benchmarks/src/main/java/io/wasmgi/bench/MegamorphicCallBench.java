package io.wasmgi.bench;

import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.framework.Bundle;

/**
 * Diagnostic: {@link CallBench}'s mul call when three distinct plugins are called in turn (three copies of mul,
 * each module made distinct, so each has compiled classes of its own). With one plugin called, the JIT inlines
 * that plugin's compiled code into the host's call site; with three, the site dispatches to each: this is what
 * a container calling several plugins pays per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MegamorphicCallBench {

    long a = 6;
    long b = 7;

    private Bench bench;
    private MethodHandle first;
    private MethodHandle second;
    private MethodHandle third;

    @Setup(Level.Trial)
    public void start() throws Exception {
        bench = Bench.start(Map.of());
        first = copy(0);
        second = copy(1);
        third = copy(2);
    }

    private MethodHandle copy(int i) throws Exception {
        Bundle bundle = bench.install(bench.distinctCopyJar("mul", i, Map.of()));
        bench.awaitEngine("bench.mul.copy" + i, "compiled", Duration.ofMinutes(2));
        MethodHandle calc = bench.calc(bundle);
        Bench.check("mul", calc);
        return calc;
    }

    @Benchmark
    @OperationsPerInvocation(3)
    public long callThreePlugins() throws Throwable {
        return (long) first.invokeExact(a, b) + (long) second.invokeExact(a, b) + (long) third.invokeExact(a, b);
    }

    @TearDown(Level.Trial)
    public void stop() {
        bench.close();
    }
}
