package io.wasmgi.wasm.host.internal.compile;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * Compiles modules to JVM bytecode with Chicory's compiler, one at a time on a thread of its own: never on the
 * framework's threads, nor on the thread that started the plugin. A plugin is served by the interpreter until
 * its compiled code is ready, then switches (see {@link CompilationTarget#useCompiled}).
 */
public final class ModuleCompiler implements AutoCloseable {

    private final CompiledModuleCache cache;
    private final Consumer<String> console;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wasmgi-compiler");
        t.setDaemon(true);
        return t;
    });

    public ModuleCompiler(CompiledModuleCache cache, Consumer<String> console) {
        this.cache = cache;
        this.console = console;
    }

    /** Compiles {@code module} in the background and hands the result to {@code sandbox}, then to {@code done}. */
    public void compileLater(
            WasmModule module, CompilationTarget sandbox, String plugin, Consumer<Function<Instance, Machine>> done) {
        worker.execute(() -> {
            if (!sandbox.isOpen()) {
                return;
            }
            long hitsBefore = cache.hits();
            try {
                Function<Instance, Machine> factory = compile(module);
                sandbox.useCompiled(factory, cache.hits() > hitsBefore ? "compiled (cache hit)" : "compiled");
                done.accept(factory);
            } catch (RuntimeException | LinkageError | IOException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                sandbox.compilationFailed(reason);
                console.accept(
                        "" + plugin + " could not be compiled (" + reason + "); it keeps running in the interpreter");
            }
        });
    }

    /** With the cache; an entry that loads but fails is evicted and the module compiled afresh, once. */
    private Function<Instance, Machine> compile(WasmModule module) throws IOException {
        try {
            return compiler(module).compile();
        } catch (RuntimeException | LinkageError firstTry) {
            cache.evict(module.digest());
            return compiler(module).compile();
        }
    }

    /**
     * A function the compiler cannot take (one too large for a JVM method, say) fails the whole module, rather
     * than being interpreted on the quiet: the plugin then runs in the interpreter, and the log says so once.
     */
    private MachineFactoryCompiler.Builder compiler(WasmModule module) {
        return MachineFactoryCompiler.builder(module)
                .withCache(cache)
                .withInterpreterFallback(InterpreterFallback.FAIL);
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
