package io.wasmgi.bench;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;

import com.sun.management.ThreadMXBean;

/**
 * Not a JMH benchmark: one kernel of benchmarks/kernels through the service in a running container (as
 * {@code KernelBench}), each call timed in the CPU time of the calling thread, which runs the wasm (the host
 * hands no call to another thread): the time other processes on a shared machine take from it is not counted,
 * unlike wall time. Warm-up: at least {@value #WARM_CALLS} calls and {@value #WARM_MILLIS} ms after the engine
 * shows compiled, then until the JIT has settled (see {@link #warmUp}); then CALLS timed calls, each also in
 * wall time.
 *
 * <p>Beside the times, what the calls cost elsewhere, to check that the calling thread's CPU time is the whole
 * cost: the CPU time of the process's other threads while the timed calls ran (the JIT compilers and the garbage
 * collector included, from /proc), the bytes the calling thread allocated per call, and the collections.
 *
 * <p>Writes one JSON object to OUT.json (kernel, n, seed, result, calls, cpuMedianMs, cpuMinMs, wallMedianMs,
 * ..., and cpuMs: every timed call's CPU time, sorted, so that the calls of several JVMs can be pooled) and one
 * line to standard output: {@code java -cp benchmarks.jar io.wasmgi.bench.KernelCpu KERNEL [CALLS [OUT.json]]}.
 * Beside {@code BackEdgeBench} (the same kernel outside the container), it tells what the
 * container adds.
 */
public final class KernelCpu {

    static final int WARM_CALLS = 10;
    static final long WARM_MILLIS = 2000;
    /**
     * Warm-up goes on until the process's other threads (the JIT compilers above all) used under this share of
     * the calling thread's CPU time over one batch of calls,
     */
    static final double SETTLED_SHARE = 0.03;
    /**
     * ...and the batch's median CPU time per call was not this share below the best batch before it (the code
     * still getting faster: C2 may replace code without much work in its threads, or not have started),
     */
    static final double IMPROVING = 0.05;
    /** ...a batch being at least this many calls and this many ms, */
    static final int BATCH_CALLS = 5;

    static final long BATCH_MILLIS = 500;
    /** ...or until this long has passed (then the JSON says "settled": false). */
    static final long WARM_MAX_MILLIS = 20_000;

    private KernelCpu() {}

    public static void main(String[] args) throws Throwable {
        String kernel = args[0];
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 21;
        if (calls < 1) {
            throw new IllegalArgumentException("CALLS must be at least 1, not " + calls);
        }
        Path out = args.length > 2 ? Path.of(args[2]) : null;
        Kernel spec = Kernel.named(kernel);
        long n = spec.n();
        long seed = spec.seed();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Bench bench = Bench.start(Map.of())) {
            byte[] module = spec.module();
            String bsn = "bench.kernel." + kernel;
            Bundle bundle = bench.install(bench.pluginJar(kernel, bsn, Map.of("Wasm-Plugin-Timeout", "30s"), module));
            bench.awaitEngine(bsn, "compiled", Duration.ofMinutes(2));
            MethodHandle calc = bench.calc(bundle);
            long answer = Bench.call(calc, n, seed);
            OtherThreads others = OtherThreads.available() ? new OtherThreads() : null;
            Warm warm = warmUp(kernel, calc, n, seed, answer, threads, others);

            long[] javaThreads = threads.getAllThreadIds();
            long[] allocatedBefore = threads.getThreadAllocatedBytes(javaThreads);
            long collections = collections();
            long collectionMillis = collectionMillis();
            Map<String, Long> othersBefore = others == null ? Map.of() : others.cpuNanos();
            double[] cpu = new double[calls];
            double[] wall = new double[calls];
            long allocated = 0;
            for (int i = 0; i < calls; i++) {
                long bytes = threads.getCurrentThreadAllocatedBytes();
                long wallStart = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                long got = Bench.call(calc, n, seed);
                cpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
                wall[i] = (System.nanoTime() - wallStart) / 1e6;
                allocated += threads.getCurrentThreadAllocatedBytes() - bytes;
                check(kernel, answer, got);
            }
            Map<String, Long> othersAfter = others == null ? Map.of() : others.cpuNanos();
            double othersCpu = others == null ? Double.NaN : OtherThreads.sinceNanos(othersBefore, othersAfter) / 1e6;
            long gcs = collections() - collections;
            long gcMillis = collectionMillis() - collectionMillis;
            String allocator = topAllocator(threads, javaThreads, allocatedBefore);

            Arrays.sort(cpu);
            Arrays.sort(wall);
            String json = String.format(
                    Locale.ROOT,
                    "{\"kernel\": \"%s\", \"n\": %d, \"seed\": %d, \"result\": %d, \"warmCalls\": %d,"
                            + " \"warmMs\": %.0f, \"settled\": %b, \"calls\": %d,"
                            + " \"cpuMedianMs\": %.3f, \"cpuMinMs\": %.3f, \"wallMedianMs\": %.3f,"
                            + " \"wallMinMs\": %.3f, \"otherThreadsCpuMsPerCall\": %s,"
                            + " \"allocatedBytesPerCall\": %.1f, \"collections\": %d, \"collectionMs\": %d,"
                            + " \"busiestOtherThread\": \"%s\", \"topOtherAllocator\": \"%s\","
                            + " \"cpuMs\": %s}%n",
                    kernel,
                    n,
                    seed,
                    answer,
                    warm.calls(),
                    warm.millis(),
                    warm.settled(),
                    calls,
                    median(cpu),
                    cpu[0],
                    median(wall),
                    wall[0],
                    Double.isNaN(othersCpu) ? "null" : String.format(Locale.ROOT, "%.3f", othersCpu / calls),
                    (double) allocated / calls,
                    gcs,
                    gcMillis,
                    OtherThreads.busiest(othersBefore, othersAfter).replaceAll("[\"\\\\\\p{Cntrl}]", "_"),
                    allocator,
                    Arrays.stream(cpu)
                            .mapToObj(ms -> String.format(Locale.ROOT, "%.3f", ms))
                            .collect(Collectors.joining(", ", "[", "]")));
            if (out != null) {
                Files.writeString(out, json, StandardCharsets.UTF_8);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-9s service  cpu ms min %7.2f  median %7.2f  wall median %7.2f  other threads %s ms/call"
                            + "  %.0f B/call  answer %d%n",
                    kernel,
                    cpu[0],
                    median(cpu),
                    median(wall),
                    Double.isNaN(othersCpu) ? "?" : String.format(Locale.ROOT, "%.2f", othersCpu / calls),
                    (double) allocated / calls,
                    answer);
        }
    }

    /** How warm-up went: the calls, how long it took, whether the JIT had settled by its end. */
    record Warm(int calls, double millis, boolean settled) {}

    /**
     * Calls until at least {@value #WARM_CALLS} calls and {@value #WARM_MILLIS} ms have passed and, over the last
     * batch, the process's other threads used under {@value #SETTLED_SHARE} of the calling thread's CPU time (a
     * fixed warm-up is not enough on a busy machine: C2 may still be compiling the module's functions) and the
     * calls were not faster than before (by {@value #IMPROVING} of the best batch's median), or until
     * {@value #WARM_MAX_MILLIS} ms have passed. The compilers' CPU time comes from /proc, which counts a
     * compilation in progress (the JVM's own compilation time counts it only once done).
     */
    private static Warm warmUp(
            String kernel, MethodHandle calc, long n, long seed, long answer, ThreadMXBean threads, OtherThreads others)
            throws IOException {
        long start = System.nanoTime();
        int calls = 0;
        double best = Double.POSITIVE_INFINITY;
        double[] batch = new double[BATCH_CALLS];
        while (true) {
            Map<String, Long> othersBefore = others == null ? Map.of() : others.cpuNanos();
            long cpu = threads.getCurrentThreadCpuTime();
            long batchStart = System.nanoTime();
            int batchCalls = 0;
            while (batchCalls < BATCH_CALLS || System.nanoTime() - batchStart < BATCH_MILLIS * 1_000_000) {
                long callStart = threads.getCurrentThreadCpuTime();
                check(kernel, answer, Bench.call(calc, n, seed));
                if (batchCalls == batch.length) {
                    batch = Arrays.copyOf(batch, 2 * batch.length);
                }
                batch[batchCalls++] = (threads.getCurrentThreadCpuTime() - callStart) / 1e6;
            }
            calls += batchCalls;
            long ownNanos = threads.getCurrentThreadCpuTime() - cpu;
            boolean quiet = others != null
                    && OtherThreads.sinceNanos(othersBefore, others.cpuNanos()) <= SETTLED_SHARE * ownNanos;
            double[] sorted = Arrays.copyOf(batch, batchCalls);
            Arrays.sort(sorted);
            double batchMedian = median(sorted);
            boolean settled = quiet && batchMedian >= (1 - IMPROVING) * best;
            best = Math.min(best, batchMedian);
            double millis = (System.nanoTime() - start) / 1e6;
            if ((calls >= WARM_CALLS && millis >= WARM_MILLIS && settled) || millis >= WARM_MAX_MILLIS) {
                return new Warm(calls, millis, settled);
            }
        }
    }

    private static void check(String kernel, long answer, long got) {
        if (got != answer) {
            throw new IllegalStateException(kernel + ": " + got + ", first " + answer);
        }
    }

    /** The median of sorted values. */
    static double median(double[] sorted) {
        int half = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static long collectionMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    /**
     * The other Java thread that allocated most while the timed calls ran, with its bytes: JMH's {@code -prof gc}
     * divides every thread's allocations by the calls, so a container thread that allocates shows there as bytes
     * per call.
     */
    private static String topAllocator(ThreadMXBean threads, long[] ids, long[] before) {
        long[] after = threads.getThreadAllocatedBytes(ids);
        long self = Thread.currentThread().getId();
        int top = -1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != self
                    && after[i] >= 0
                    && before[i] >= 0
                    && (top < 0 || after[i] - before[i] > after[top] - before[top])) {
                top = i;
            }
        }
        if (top < 0) {
            return "none";
        }
        ThreadInfo info = threads.getThreadInfo(ids[top]);
        String name = info == null ? "ended" : info.getThreadName().replaceAll("[\"\\\\\\p{Cntrl}]", "_");
        return name + " " + (after[top] - before[top]) + " B";
    }
}
