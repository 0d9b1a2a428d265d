package io.wasmgi.wasm.host.internal.module;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;

/** What a parsed module exports, looked up by name. */
public final class ModuleExports {

    private ModuleExports() {}

    /** The function index of the function exported as {@code name}, or -1 if no function is exported so. */
    public static int functionIndex(WasmModule module, String name) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.name().equals(name) && export.exportType() == ExternalType.FUNCTION) {
                return (int) export.index();
            }
        }
        return -1;
    }
}
