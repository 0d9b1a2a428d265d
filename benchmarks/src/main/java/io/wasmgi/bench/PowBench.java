package io.wasmgi.bench;

import java.lang.invoke.MethodHandle;
import java.math.BigInteger;
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
 * The heavy plugin: pow(3, b), a loop of b multiplications, through the service. Compiled with
 * b = 100 000 000 (as V8 and native run it); the interpreter with b = 1 000 000, so that one call takes well
 * under a second: the report divides by b (ns per loop iteration). Keep B_* in step with report.mjs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PowBench {

    static final long B_COMPILED = 100_000_000;
    static final long B_INTERPRETER = 1_000_000;

    @Param({"compiled", "interpreter"})
    String engine;

    long a = 3;
    long b;

    private Bench bench;
    private MethodHandle calc;

    @Setup(Level.Trial)
    public void start() throws Exception {
        b = engine.equals("compiled") ? B_COMPILED : B_INTERPRETER;
        bench = Bench.start(Map.of());
        calc = serve(bench, engine, a, b);
    }

    /** The pow service on {@code engine}, checked once with (a, b). */
    static MethodHandle serve(Bench bench, String engine, long a, long b) throws Exception {
        // the default deadline is 1 s; 30 s is the container's maximum
        MethodHandle calc = bench.serving("pow", engine, Map.of("Wasm-Plugin-Timeout", "30s"));
        long expected = BigInteger.valueOf(a)
                .modPow(BigInteger.valueOf(b), BigInteger.ONE.shiftLeft(32))
                .longValue();
        long got = Bench.call(calc, a, b);
        if (got != expected) {
            throw new IllegalStateException("pow(" + a + ", " + b + ") = " + got + ", expected " + expected);
        }
        return calc;
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
