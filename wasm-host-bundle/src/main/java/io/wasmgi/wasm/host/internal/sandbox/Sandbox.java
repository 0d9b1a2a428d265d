package io.wasmgi.wasm.host.internal.sandbox;

import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Function;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;

import io.wasmgi.wasm.host.internal.compile.CompilationTarget;
import io.wasmgi.wasm.host.internal.compile.CompiledCalc;
import io.wasmgi.wasm.host.internal.config.SandboxLimits;
import io.wasmgi.wasm.host.internal.module.ModuleExports;

/**
 * Makes fresh, isolated instances of one plugin module: own memory (bounded), own WASI context, and the
 * engine of the moment: the interpreter until compiled code is ready, then the compiled code. Each switch of
 * engine starts a new generation; the pool replaces instances of an older one as it meets them.
 */
public final class Sandbox implements CompilationTarget {

    /** The most table entries one instance may hold, over all its tables (each costs about 12 bytes). */
    public static final int MAX_TABLE_ENTRIES = 65_536;

    /** The largest size each table may grow to: its declared maximum, within its share of the entry budget. */
    public static long tableMaximum(Table table, int tableCount) {
        return Math.min(table.limits().max(), MAX_TABLE_ENTRIES / Math.max(1, tableCount));
    }

    private final WasmModule module;
    private final MemoryLimits memoryLimits;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final Optional<DirectoryGrant> directory;
    private final CompiledCalc compiledCalc;
    private final int tableCount;
    private volatile Function<Instance, Machine> machineFactory;
    private volatile int generation;
    private volatile String engine = "interpreter";
    private volatile boolean open = true;

    public Sandbox(
            WasmModule module,
            MemoryLimits memoryLimits,
            OutputStream stdout,
            OutputStream stderr,
            Optional<DirectoryGrant> directory) {
        this.module = module;
        this.directory = directory;
        this.memoryLimits = memoryLimits;
        this.stdout = stdout;
        this.stderr = stderr;
        this.compiledCalc = new CompiledCalc(module);
        this.tableCount = module.tableSection().tableCount();
    }

    /**
     * Instantiates the module (running its start function) and, for a WASI reactor, its
     * {@code _initialize}. Runs on the caller's thread, under the caller's deadline.
     */
    public PluginInstance newInstance() {
        int generationNow = generation;
        Function<Instance, Machine> factory = machineFactory;
        WasiPreview1 wasi = WasiImports.create(stdout, stderr, directory);
        try {
            Instance.Builder builder = Instance.builder(module)
                    .withImportValues(WasiImports.importValues(wasi, directory))
                    .withMemoryLimits(memoryLimits)
                    .withMemoryFactory(this::boundedMemory)
                    .withTableFactory(this::ownTable);
            if (factory != null) {
                builder.withMachineFactory(factory);
            } else {
                builder.withUnsafeExecutionListener(Sandbox::stopWhenInterrupted);
            }
            Instance instance = builder.build();
            if (ModuleExports.functionIndex(module, "_initialize") >= 0) {
                ExportFunction initialize = instance.export("_initialize");
                initialize.apply();
            }
            return new PluginInstance(
                    instance,
                    wasi,
                    generationNow,
                    factory == null ? Optional.empty() : compiledCalc.of(instance.getMachine()));
        } catch (RuntimeException | Error e) {
            wasi.close();
            throw e;
        }
    }

    /**
     * Chicory's interpreter looks at the interrupt flag on calls and plain {@code br} only, not on {@code br_if}
     * or {@code br_table}, the back-edges of nearly every compiled loop: without this, an interpreted loop never
     * meets its deadline. Reading the flag is a field load, small beside the interpreter's cost per instruction.
     */
    private static void stopWhenInterrupted(Instruction instruction, MStack stack) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException("interrupted at " + instruction.opcode());
        }
    }

    /**
     * Every memory within the sandbox's limit. The module's checks allow one memory, which Chicory already gives
     * {@link #memoryLimits}; this holds for any other all the same. Always a {@link FlatMemory}, so that the
     * compiled code's memory calls see one class and the JIT inlines them.
     */
    private Memory boundedMemory(MemoryLimits asked) {
        int max = Math.min(asked.maximumPages(), memoryLimits.maximumPages());
        if (asked.initialPages() > max) {
            throw new UninstantiableException(
                    "a memory needs " + asked.initialPages() + " pages, more than the" + " limit of " + max);
        }
        return new FlatMemory(new MemoryLimits(asked.initialPages(), max));
    }

    /**
     * A table of this instance's own. Chicory records a table's growth in the module's table limits, which every
     * instance of the module shares (including those of other bundles with the same module, kept in memory): a
     * table grown by one call would start grown in the next instance. The copy also caps its growth.
     */
    private TableInstance ownTable(Table table, int initialValue) {
        long max = tableMaximum(table, tableCount);
        long min = table.limits().min();
        if (min > max) {
            throw new UninstantiableException("a table needs " + min + " entries, more than the limit of " + max);
        }
        return new TableInstance(
                new Table(table.elementType(), new TableLimits(min, max), table.initialize()), initialValue);
    }

    /** From now on, new instances run compiled code. */
    @Override
    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the compiler's thread, once per plugin
    public void useCompiled(Function<Instance, Machine> factory, String engine) {
        this.machineFactory = factory;
        this.engine = engine;
        generation++;
    }

    @Override
    public void compilationFailed(String reason) {
        engine = "interpreter (compilation failed: " + reason + ")";
    }

    /** Whether {@code instance} was made by the engine of the moment. */
    public boolean isCurrent(PluginInstance instance) {
        return instance.generation() == generation;
    }

    public WasmModule module() {
        return module;
    }

    public long memoryLimitBytes() {
        return (long) memoryLimits.maximumPages() * SandboxLimits.PAGE_BYTES;
    }

    public String engine() {
        return engine;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    public void close() {
        open = false;
    }
}
