package io.wasmgi.wasm.host.internal.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * Checks a parsed module against the plugin ABI (docs/writing-plugins.md) before anything of it runs: the four exported
 * functions with their exact signatures, an exported memory, and imports that the host provides.
 */
public final class AbiCheck {

    private static final List<ValType> I32 = List.of(ValType.I32);
    private static final List<ValType> I32_I32 = List.of(ValType.I32, ValType.I32);

    /** The exported functions every plugin must have, with their signatures. */
    static final Map<String, FunctionType> REQUIRED_FUNCTIONS = Map.of(
            "calc", FunctionType.of(I32_I32, I32),
            "name", FunctionType.of(List.of(), I32),
            "operator", FunctionType.of(List.of(), I32),
            "release_string", FunctionType.of(I32, List.of()));

    private AbiCheck() {}

    /**
     * @param provided the host functions a plugin may import, keyed {@code module.name}
     * @throws PluginRefusedException naming every mismatch found
     */
    static void check(WasmModule module, Map<String, FunctionType> provided) throws PluginRefusedException {
        List<String> problems = new ArrayList<>();
        List<String> missingImports = new ArrayList<>();

        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            String key = imp.module() + "." + imp.name();
            if (imp instanceof FunctionImport) {
                FunctionType type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                FunctionType offered = provided.get(key);
                if (offered == null) {
                    missingImports.add(key);
                } else if (!offered.equals(type)) {
                    problems.add("import " + key + " has signature " + type + ", the host provides " + offered);
                }
            } else {
                missingImports.add(key + " (" + imp.importType().name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        if (!missingImports.isEmpty()) {
            problems.add("imports that the host does not provide: " + String.join(", ", missingImports));
        }

        Set<String> missing = new java.util.TreeSet<>(REQUIRED_FUNCTIONS.keySet());
        boolean hasMemory = false;
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.exportType() == ExternalType.MEMORY && export.name().equals("memory")) {
                hasMemory = true;
            }
            FunctionType expected = REQUIRED_FUNCTIONS.get(export.name());
            if (expected == null) {
                continue;
            }
            missing.remove(export.name());
            if (export.exportType() != ExternalType.FUNCTION) {
                problems.add("export '" + export.name() + "' is a "
                        + export.exportType().name().toLowerCase(Locale.ROOT) + ", not a function");
                continue;
            }
            FunctionType actual = exportedFunctionType(module, (int) export.index());
            if (!expected.equals(actual)) {
                problems.add("export '" + export.name() + "' has signature " + actual + ", expected " + expected);
            }
        }
        for (String name : missing) {
            problems.add("missing export '" + name + "' " + REQUIRED_FUNCTIONS.get(name));
        }
        if (!hasMemory) {
            problems.add("missing export 'memory' (the plugin's linear memory)");
        }
        if (!problems.isEmpty()) {
            throw new PluginRefusedException(String.join("; ", problems));
        }
    }

    /** The type of function {@code index}, counting imported functions first, as wasm numbers them. */
    static FunctionType exportedFunctionType(WasmModule module, int index) {
        int imported = 0;
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            if (imp instanceof FunctionImport) {
                if (imported == index) {
                    return module.typeSection().getType(((FunctionImport) imp).typeIndex());
                }
                imported++;
            }
        }
        return module.typeSection().getType(module.functionSection().getFunctionType(index - imported));
    }
}
