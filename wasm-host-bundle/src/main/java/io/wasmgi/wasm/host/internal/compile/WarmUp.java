package io.wasmgi.wasm.host.internal.compile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import io.wasmgi.wasm.host.internal.sandbox.PluginInstance;
import io.wasmgi.wasm.host.internal.sandbox.Sandbox;

/**
 * Runs a small module ({@code warmup.wat}) through what a plugin's install runs: the parser, the interpreter,
 * the compiler with its rewrite, the cache's format, the sandbox and the compiled code's direct entry. Done once, on the compiler's thread,
 * when the host starts: the first plugin then finds those classes loaded, and some of them compiled by the JIT,
 * rather than paying for it in its install. A few rounds, as long as they take less than {@link #BUDGET_NANOS}
 * together and no plugin waits for the compiler; any failure ends the warm-up, which is only ever an
 * optimisation.
 */
final class WarmUp implements Runnable {

    private static final String MODULE = "warmup.wasm";
    private static final int MAX_ROUNDS = 4;
    private static final long BUDGET_NANOS = 400_000_000L;

    /** What {@code calc(1, 300)} of the warm-up module answers; a round that gets something else ends it. */
    static final int ANSWER = 359_744_001;

    private final BooleanSupplier workWaiting;
    private int rounds;

    /** @param workWaiting whether a plugin waits for the compiler: then no further round starts */
    WarmUp(BooleanSupplier workWaiting) {
        this.workWaiting = workWaiting;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        try (InputStream in = WarmUp.class.getResourceAsStream(MODULE)) {
            if (in == null) {
                return;
            }
            byte[] bytes = in.readAllBytes();
            while (rounds < MAX_ROUNDS && System.nanoTime() - start < BUDGET_NANOS && !workWaiting.getAsBoolean()) {
                if (!round(bytes) || Thread.currentThread().isInterrupted()) {
                    return;
                }
                rounds++;
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // the host works the same without it: the first install pays for what was not warmed
        }
    }

    /** Rounds done (for the tests). */
    int rounds() {
        return rounds;
    }

    private static boolean round(byte[] bytes) throws IOException {
        WasmModule module = Parser.parse(bytes);
        RewritingCollector classes = ModuleCompiler.compileAfresh(module);
        byte[] entry = CompiledClasses.write(classes.mainClassName(), classes.classBytes());
        Function<Instance, Machine> compiled = ModuleCompiler.load(module, CompiledClasses.read(entry));
        Sandbox sandbox = new Sandbox(
                module,
                new MemoryLimits(1, 1),
                OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(),
                Optional.empty());
        try {
            boolean right = calc(sandbox) == ANSWER;
            sandbox.useCompiled(compiled, "compiled");
            return right && calc(sandbox) == ANSWER;
        } finally {
            sandbox.close();
        }
    }

    private static long calc(Sandbox sandbox) {
        try (PluginInstance instance = sandbox.newInstance()) {
            return instance.readString("name", 64).equals("warmup") ? instance.calc(1, 300) : -1;
        }
    }
}
