package io.wasmgi.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The plain-Java floor: the same operation as a Java method, called exactly as {@link CallBench} calls the
 * service (a bound MethodHandle held in a field, invokeExact), so that the difference is the plugin's cost.
 * Also the handle's own cost (a direct call of the same method) and one System.nanoTime(), which the host
 * read twice per call before calls took their deadline from the watchdog's tick and timed one call in 64.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FloorBench {

    long a = 6;
    long b = 7;

    private MethodHandle add;
    private MethodHandle mul;

    @Setup
    public void bind() throws ReflectiveOperationException {
        add = MethodHandles.lookup().findStatic(FloorBench.class, "add", Bench.CALC);
        mul = MethodHandles.lookup().findStatic(FloorBench.class, "mul", Bench.CALC);
    }

    /** As a Java CalcOperator must: operands checked (CalcOperator.requireUnsigned32), result wrapped to u32. */
    static long add(long a, long b) {
        return (unsigned32(a) + unsigned32(b)) & 0xFFFF_FFFFL;
    }

    static long mul(long a, long b) {
        return (unsigned32(a) * unsigned32(b)) & 0xFFFF_FFFFL;
    }

    private static long unsigned32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("operand " + value + " is outside 0..4294967295");
        }
        return value;
    }

    @Benchmark
    public long javaAdd() throws Throwable {
        return (long) add.invokeExact(a, b);
    }

    @Benchmark
    public long javaMul() throws Throwable {
        return (long) mul.invokeExact(a, b);
    }

    /** The same method without the handle: what the handle itself costs. */
    @Benchmark
    public long javaAddDirect() {
        return add(a, b);
    }

    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }
}
