package io.wasmgi.bench;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.osgi.framework.Bundle;

/**
 * The kernel suite through the service: one kernel of benchmarks/kernels (its committed module, in a plugin
 * bundle as the plugin poms make it) installed in a running container, served compiled, and
 * {@code calc(n, seed)} of benchmarks/kernels/kernels.txt timed through its CalcOperator. The checksum of the
 * first call is written to {@code wasmgi.kernels.out}/service-KERNEL.txt (by default benchmarks/target/kernels)
 * for report.mjs to compare with V8's and native's; a later call that gives another fails the run.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class KernelBench {

    @Param({"sieve", "matmul", "crc32", "fib", "collatz", "heapsort", "fnvmap", "qsort", "nbody"})
    String kernel;

    // fields, not constants, so that the JIT cannot fold the operands
    long n;
    long seed;
    long expected;

    private Bench bench;
    private MethodHandle calc;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Kernel spec = Kernel.named(kernel);
        n = spec.n();
        seed = spec.seed();
        bench = Bench.start(Map.of());
        byte[] module = spec.module();
        // the default deadline is 1 s: a slow engine must be measured, not stopped (30 s is the maximum)
        String bsn = "bench.kernel." + kernel;
        Bundle bundle = bench.install(bench.pluginJar(kernel, bsn, Map.of("Wasm-Plugin-Timeout", "30s"), module));
        // calls are answered by the interpreter until the compiled code is ready: time only compiled code
        bench.awaitEngine(bsn, "compiled", Duration.ofMinutes(2));
        calc = bench.calc(bundle);
        expected = Bench.call(calc, n, seed);
        Path out = Path.of(System.getProperty(
                "wasmgi.kernels.out",
                Bench.ROOT.resolve("benchmarks/target/kernels").toString()));
        Files.createDirectories(out);
        Files.writeString(out.resolve("service-" + kernel + ".txt"), expected + "\n", StandardCharsets.UTF_8);
    }

    @Benchmark
    public long calc() throws Throwable {
        long got = (long) calc.invokeExact(n, seed);
        if (got != expected) { // a compare per call of milliseconds: free, and a wrong answer is no result
            throw new IllegalStateException(
                    kernel + ": calc(" + n + ", " + seed + ") = " + got + ", first " + expected);
        }
        return got;
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        bench.close();
    }
}
