package io.wasmgi.wasm.host.internal.compile;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import io.wasmgi.wasm.host.internal.sandbox.PluginInstance;
import io.wasmgi.wasm.host.internal.sandbox.Sandbox;

/**
 * Not a test: one kernel of {@code benchmarks/kernels} in a sandbox (flat memory, direct entry), compiled by
 * Chicory as it comes or as the host compiles it (back-edges rewritten, {@link BackEdgeChecks}), timed in the
 * calling thread's CPU time (on a machine shared with other work, wall time mostly measures the others):
 * {@code java -cp ... io.wasmgi.wasm.host.internal.compile.BackEdgeBench KERNEL chicory|wasmgi N [ROUNDS]}.
 * Prints the minimum and median of the timed calls after 10 warm-up calls. One engine per JVM, so that the
 * memory's and the entry's call sites see one compiled module.
 */
public final class BackEdgeBench {

    private BackEdgeBench() {}

    public static void main(String[] args) throws IOException {
        String kernel = args[0];
        boolean chicory = args[1].equals("chicory");
        long n = Long.parseLong(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 11;
        WasmModule module = Parser.parse(Files.readAllBytes(
                Path.of(System.getProperty("wasmgi.root", ".."), "benchmarks", "kernels", kernel, kernel + ".wasm")));
        MemoryLimits declared =
                module.memorySection().orElseThrow().getMemory(0).limits();
        Sandbox sandbox = new Sandbox(
                module,
                new MemoryLimits(declared.initialPages(), 65_536),
                OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(),
                Optional.empty());
        sandbox.useCompiled(
                chicory ? MachineFactoryCompiler.compile(module) : ModuleCompiler.compileUncached(module), "compiled");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (PluginInstance instance = sandbox.newInstance()) {
            long answer = 0;
            for (int i = 0; i < 10; i++) {
                answer = instance.calc(n, 7);
            }
            double[] millis = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = threads.getCurrentThreadCpuTime();
                instance.calc(n, 7);
                millis[i] = (threads.getCurrentThreadCpuTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            System.out.printf(
                    Locale.ROOT,
                    "%-9s %-8s cpu ms min %7.1f  median %7.1f  answer %d%n",
                    kernel,
                    args[1],
                    millis[0],
                    millis[rounds / 2],
                    answer);
        }
    }
}
