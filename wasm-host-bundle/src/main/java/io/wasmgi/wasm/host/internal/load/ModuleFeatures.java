package io.wasmgi.wasm.host.internal.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;

import io.wasmgi.wasm.host.internal.sandbox.Sandbox;

/**
 * Refuses, at install, a module that uses what this host does not run, or that would hold more than a sandbox
 * lets it: without this, such a module installs and then every call fails with an engine message, or a second
 * memory or a huge table escapes the memory limit. Each refusal names the feature in plain words.
 */
public final class ModuleFeatures {

    /**
     * The most globals, element segments and tables a module may declare, below Chicory's own bounds (V8's): each
     * costs every instance memory that the memory limit does not count (one object a global, a copied array
     * entry a segment), and at Chicory's bounds a 16 MiB module of 3 million globals costs over 100 MB an
     * instance. Functions, data segments, locals and the like Chicory already bounds where that cost is small.
     */
    static final int MAX_GLOBALS = 100_000;

    static final int MAX_ELEMENT_SEGMENTS = 100_000;
    static final int MAX_TABLES = 100;

    private static final int SIMD_PREFIX = 0xFD;
    private static final int THREADS_PREFIX = 0xFE;

    private ModuleFeatures() {}

    /** @throws PluginRefusedException naming every feature found that this host does not run */
    static void check(WasmModule module) throws PluginRefusedException {
        List<String> problems = new ArrayList<>();
        counts(module, problems);
        memories(module, problems);
        tables(module, problems);
        code(module, problems);
        reactorInitializer(module, problems);
        if (!problems.isEmpty()) {
            throw new PluginRefusedException(String.join("; ", problems));
        }
    }

    private static void counts(WasmModule module, List<String> problems) {
        atMost("globals", module.globalSection().globalCount(), MAX_GLOBALS, problems);
        atMost("element segments", module.elementSection().elementCount(), MAX_ELEMENT_SEGMENTS, problems);
        atMost("tables", module.tableSection().tableCount(), MAX_TABLES, problems);
    }

    private static void atMost(String what, int count, int max, List<String> problems) {
        if (count > max) {
            problems.add("declares " + count + " " + what + ", more than the limit of " + max);
        }
    }

    private static void memories(WasmModule module, List<String> problems) {
        int count = module.memorySection().map(s -> s.memoryCount()).orElse(0);
        if (count > 1) {
            problems.add("defines " + count + " memories (multi-memory), which this host does not run: a plugin"
                    + " has one memory");
        }
        for (int i = 0; i < count; i++) {
            MemoryLimits limits = module.memorySection().get().getMemory(i).limits();
            if (limits.shared()) {
                problems.add("declares a shared memory (threads), which this host does not run");
                break;
            }
        }
    }

    private static void tables(WasmModule module, List<String> problems) {
        int count = module.tableSection().tableCount();
        long declared = 0;
        for (int i = 0; i < count; i++) {
            declared += module.tableSection().getTable(i).limits().min();
        }
        if (declared > Sandbox.MAX_TABLE_ENTRIES) {
            problems.add("its tables start with " + declared + " entries, more than the limit of "
                    + Sandbox.MAX_TABLE_ENTRIES);
        }
    }

    private static void code(WasmModule module, List<String> problems) {
        boolean simd = usesV128Types(module);
        boolean threads = false;
        FunctionBody[] bodies = module.codeSection().functionBodies();
        for (FunctionBody body : bodies) {
            simd |= body.localTypes().contains(ValType.V128);
            for (AnnotatedInstruction instruction : body.instructions()) {
                int prefix = instruction.opcode().opcode() >>> 8;
                simd |= prefix == SIMD_PREFIX;
                threads |= prefix == THREADS_PREFIX;
            }
            if (simd && threads) {
                break;
            }
        }
        if (simd) {
            problems.add("uses SIMD (v128), which this host does not run");
        }
        if (threads) {
            problems.add("uses atomic instructions (threads), which this host does not run");
        }
    }

    private static boolean usesV128Types(WasmModule module) {
        for (FunctionType type : module.typeSection().types()) {
            if (type != null
                    && (type.params().contains(ValType.V128) || type.returns().contains(ValType.V128))) {
                return true;
            }
        }
        for (Global global : module.globalSection().globals()) {
            if (ValType.V128.equals(global.valueType())) {
                return true;
            }
        }
        return false;
    }

    /** A WASI reactor's {@code _initialize} is called with nothing and must return nothing. */
    private static void reactorInitializer(WasmModule module, List<String> problems) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (!export.name().equals("_initialize")) {
                continue;
            }
            if (export.exportType() != ExternalType.FUNCTION) {
                problems.add("export '_initialize' is a "
                        + export.exportType().name().toLowerCase(Locale.ROOT) + ", not a function");
            } else {
                FunctionType type = AbiCheck.exportedFunctionType(module, (int) export.index());
                if (!type.params().isEmpty() || !type.returns().isEmpty()) {
                    problems.add("export '_initialize' has signature " + type + ", expected () -> ()");
                }
            }
        }
    }
}
