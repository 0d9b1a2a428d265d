package io.wasmgi.wasm.host.internal;

import java.io.OutputStream;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/** Makes fresh, isolated instances of one plugin module: own memory (bounded), own WASI context. */
final class Sandbox {

    private final WasmModule module;
    private final MemoryLimits memoryLimits;
    private final OutputStream stdout;
    private final OutputStream stderr;

    Sandbox(WasmModule module, MemoryLimits memoryLimits, OutputStream stdout, OutputStream stderr) {
        this.module = module;
        this.memoryLimits = memoryLimits;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Instantiates the module (running its start function) and, for a WASI reactor, its
     * {@code _initialize}. Runs on the caller's thread, under the caller's deadline.
     */
    PluginInstance newInstance() {
        WasiPreview1 wasi = WasiImports.create(stdout, stderr);
        try {
            Instance instance = Instance.builder(module)
                    .withImportValues(WasiImports.importValues(wasi))
                    .withMemoryLimits(memoryLimits)
                    .build();
            if (exportsFunction("_initialize")) {
                ExportFunction initialize = instance.export("_initialize");
                initialize.apply();
            }
            return new PluginInstance(instance, wasi);
        } catch (RuntimeException | Error e) {
            wasi.close();
            throw e;
        }
    }

    private boolean exportsFunction(String name) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            var export = module.exportSection().getExport(i);
            if (export.name().equals(name) && export.exportType() == ExternalType.FUNCTION) {
                return true;
            }
        }
        return false;
    }
}
