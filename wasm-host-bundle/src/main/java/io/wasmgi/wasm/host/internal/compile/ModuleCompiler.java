package io.wasmgi.wasm.host.internal.compile;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.internal.ClassLoadingCollector;
import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.compiler.internal.MachineFactory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * Compiles modules to JVM bytecode with Chicory's compiler, one at a time on a thread of its own: never on the
 * framework's threads, nor on the thread that started the plugin. A plugin is served by the interpreter until
 * its compiled code is ready, then switches (see {@link CompilationTarget#useCompiled}).
 *
 * <p>The classes Chicory generates are rewritten on their way to the class loader ({@link CodeRewrite}), and
 * stored so in the disk cache, in a format of our own ({@link CompiledClasses}).
 */
public final class ModuleCompiler implements AutoCloseable {

    /** Changes whenever the classes stored in the cache change for the same Chicory: old entries are not read. */
    private static final String CODE_FORMAT = "wasmgi-8";

    private final CompiledModuleCache cache;
    private final Consumer<String> console;
    private final ThreadPoolExecutor worker =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "wasmgi-compiler");
                t.setDaemon(true);
                return t;
            });

    /** Starts warming Chicory's parser, interpreter and compiler on the compiler's thread ({@link WarmUp}). */
    public ModuleCompiler(CompiledModuleCache cache, Consumer<String> console) {
        this.cache = cache;
        this.console = console;
        worker.execute(new WarmUp(() -> !worker.getQueue().isEmpty())); // a plugin waiting ends the warm-up
    }

    /** Compiles {@code module} in the background and hands the result to {@code sandbox}, then to {@code done}. */
    public void compileLater(
            WasmModule module, CompilationTarget sandbox, String plugin, Consumer<Function<Instance, Machine>> done) {
        worker.execute(() -> {
            if (!sandbox.isOpen()) {
                return;
            }
            try {
                Compiled compiled = compile(module);
                sandbox.useCompiled(compiled.factory(), compiled.fromCache() ? "compiled (cache hit)" : "compiled");
                if (compiled.pastJitLimit() > 0) {
                    console.accept(plugin + ": " + compiled.pastJitLimit()
                            + " of its compiled methods are larger than the"
                            + " JVM compiles (" + MethodSizes.JIT_LIMIT + " bytes of bytecode); they run in the JVM's"
                            + " interpreter, many times slower (smaller functions in the plugin's source avoid it)");
                }
                done.accept(compiled.factory());
            } catch (RuntimeException | LinkageError | IOException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                sandbox.compilationFailed(reason);
                console.accept(
                        "" + plugin + " could not be compiled (" + reason + "); it keeps running in the interpreter");
            }
        });
    }

    /** The name of the cache's folder for this Chicory: entries of another code format are never read. */
    public static String cacheVersion(String chicoryVersion) {
        return chicoryVersion + "-" + CODE_FORMAT;
    }

    /** A compiled module; {@code pastJitLimit}: how many of its methods HotSpot will never compile. */
    private record Compiled(Function<Instance, Machine> factory, boolean fromCache, int pastJitLimit) {}

    /** From the cache if it has a sound entry (one that does not load is evicted), else compiled and stored. */
    private Compiled compile(WasmModule module) throws IOException {
        String key = module.digest();
        byte[] cached = key == null ? null : cache.get(key);
        if (cached != null) {
            try {
                CompiledClasses.Classes classes = CompiledClasses.read(cached);
                return new Compiled(load(module, classes), true, MethodSizes.pastJitLimit(classes.bytes()));
            } catch (IOException | RuntimeException | LinkageError unsound) {
                cache.evict(key);
            }
        }
        RewritingCollector classes = compileAfresh(module);
        if (key != null) {
            cache.putIfAbsent(key, CompiledClasses.write(classes.mainClassName(), classes.classBytes()));
        }
        return new Compiled(
                new MachineFactory(module, classes.machineFactory()),
                false,
                MethodSizes.pastJitLimit(classes.classBytes()));
    }

    /**
     * A function the compiler cannot take (one too large for a JVM method, say) fails the whole module, rather
     * than being interpreted on the quiet: the plugin then runs in the interpreter, and the log says so once.
     */
    static RewritingCollector compileAfresh(WasmModule module) {
        return compileAfresh(module, LateInlinedCalls.MAX_SITES_PER_MODULE);
    }

    /** As {@link #compileAfresh(WasmModule)}, with at most {@code siteBudget} call sites ({@link LateInlinedCalls}). */
    static RewritingCollector compileAfresh(WasmModule module, int siteBudget) {
        return compileAfresh(module, siteBudget, MethodSplitter.MAX_METHODS_PER_MODULE);
    }

    /** As {@link #compileAfresh(WasmModule, int)}, splitting at most {@code splitBudget} methods. */
    static RewritingCollector compileAfresh(WasmModule module, int siteBudget, int splitBudget) {
        AtomicInteger sites = new AtomicInteger(siteBudget);
        AtomicInteger splits = new AtomicInteger(splitBudget);
        IndirectCalls.Targets targets = IndirectCalls.Targets.of(module);
        return (RewritingCollector) Compiler.builder(module)
                .withClassCollectorFactory(() -> new RewritingCollector(sites, splits, targets))
                .withInterpreterFallback(InterpreterFallback.FAIL)
                .build()
                .compile()
                .collector();
    }

    /** Compiled as the host compiles (back-edges rewritten), without the cache: for tests and benchmarks. */
    public static Function<Instance, Machine> compileUncached(WasmModule module) {
        return new MachineFactory(module, compileAfresh(module).machineFactory());
    }

    static Function<Instance, Machine> load(WasmModule module, CompiledClasses.Classes classes) {
        ClassLoadingCollector loading = new ClassLoadingCollector();
        classes.bytes().forEach((name, bytes) -> {
            if (name.equals(classes.mainClass())) {
                loading.putMainClass(name, bytes);
            } else {
                loading.put(name, bytes);
            }
        });
        return new MachineFactory(module, loading.machineFactory());
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
