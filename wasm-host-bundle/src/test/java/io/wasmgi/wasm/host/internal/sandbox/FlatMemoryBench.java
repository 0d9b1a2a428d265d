package io.wasmgi.wasm.host.internal.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import io.wasmgi.wasm.host.internal.compile.ModuleCompiler;

/**
 * Not a test: a quick measure of memory-bound wasm ({@code memory/kernels.wat}) compiled by Chicory, with its paged
 * memory or with {@link FlatMemory}. One memory per JVM, so that the compiled code's memory calls see one class:
 * {@code java -cp ... io.wasmgi.wasm.host.internal.sandbox.FlatMemoryBench flat|paged [rounds] [wasmgi|chicory]}
 * (the host's compilation, back-edges rewritten, or Chicory's as it comes). Prints the median of the timed
 * rounds after warm-up, per kernel.
 */
public final class FlatMemoryBench {

    private FlatMemoryBench() {}

    public static void main(String[] args) throws IOException {
        String kind = args.length > 0 ? args[0] : "flat";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Function<MemoryLimits, Memory> memory = kind.equals("paged") ? ByteBufferMemory::new : FlatMemory::new;
        WasmModule module;
        try (InputStream in = FlatMemoryBench.class.getResourceAsStream("/memory/kernels.wat")) {
            module = Parser.parse(Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        Instance instance = Instance.builder(module)
                .withMemoryFactory(memory)
                .withMachineFactory(
                        args.length > 2 && args[2].equals("chicory")
                                ? MachineFactoryCompiler.compile(module)
                                : ModuleCompiler.compileUncached(module))
                .build();
        System.out.println((args.length > 2 ? args[2] : "wasmgi") + " compiler, " + kind + " memory: "
                + instance.memory().getClass().getSimpleName());
        measure(instance, "sieve", 4_000_000, rounds);
        measure(instance, "matmul", 200, rounds);
        measure(instance, "scatter", 20_000_000, rounds);
    }

    private static void measure(Instance instance, String name, long arg, int rounds) {
        ExportFunction kernel = instance.export(name);
        long answer = 0;
        for (int i = 0; i < Math.max(10, rounds); i++) { // warm-up: C2 compiles the loops
            answer = kernel.apply(arg)[0];
        }
        double[] millis = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            long again = kernel.apply(arg)[0];
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (again != answer) {
                throw new IllegalStateException("a kernel answered " + again + ", then " + answer);
            }
        }
        Arrays.sort(millis);
        System.out.printf(
                "  %-8s median %8.2f ms  (min %8.2f, max %8.2f)  answer %d%n",
                name, millis[rounds / 2], millis[0], millis[rounds - 1], answer);
    }
}
