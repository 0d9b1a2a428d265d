package io.wasmgi.bench;

import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.Bundle;

/**
 * Not a JMH benchmark: one kernel through the service in a running container, each call timed in the calling
 * thread's CPU time, which other processes on a shared machine move much less than wall time. Prints the minimum
 * and the median after WARM calls: {@code java -cp benchmarks.jar io.wasmgi.bench.KernelCpu KERNEL [CALLS]}.
 * Beside {@code BackEdgeBench} (the same kernel outside the container), it tells what the container adds.
 */
public final class KernelCpu {

    private KernelCpu() {}

    public static void main(String[] args) throws Throwable {
        String kernel = args[0];
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 21;
        Path dir = Bench.ROOT.resolve("benchmarks/kernels");
        String[] line = Files.readAllLines(dir.resolve("kernels.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.trim().split("\\s+"))
                .filter(columns -> columns[0].equals(kernel))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(kernel + " is not in kernels.txt"));
        long n = Long.parseLong(line[1]);
        long seed = Long.parseLong(line[2]);
        try (Bench bench = Bench.start(Map.of())) {
            byte[] module = Files.readAllBytes(dir.resolve(kernel + "/" + kernel + ".wasm"));
            String bsn = "bench.kernel." + kernel;
            Bundle bundle = bench.install(bench.pluginJar(kernel, bsn, Map.of("Wasm-Plugin-Timeout", "30s"), module));
            bench.awaitEngine(bsn, "compiled", Duration.ofMinutes(2));
            MethodHandle calc = bench.calc(bundle);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long answer = Bench.call(calc, n, seed);
            for (int i = 0; i < 10; i++) {
                Bench.call(calc, n, seed);
            }
            double[] millis = new double[calls];
            for (int i = 0; i < calls; i++) {
                long start = threads.getCurrentThreadCpuTime();
                long got = Bench.call(calc, n, seed);
                millis[i] = (threads.getCurrentThreadCpuTime() - start) / 1e6;
                if (got != answer) {
                    throw new IllegalStateException(kernel + ": " + got + ", first " + answer);
                }
            }
            Arrays.sort(millis);
            System.out.printf(
                    Locale.ROOT,
                    "%-9s service  cpu ms min %7.1f  median %7.1f  answer %d%n",
                    kernel,
                    millis[0],
                    millis[calls / 2],
                    answer);
        }
    }
}
