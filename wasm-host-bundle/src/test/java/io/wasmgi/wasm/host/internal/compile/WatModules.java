package io.wasmgi.wasm.host.internal.compile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/** The compile tests' modules: a .wat of the test resources, and its instances interpreted or compiled. */
final class WatModules {

    private WatModules() {}

    /** The module of a .wat resource of this package's tests, e.g. {@code /compile/loops.wat}. */
    static WasmModule parse(String resource) {
        try (InputStream in = WatModules.class.getResourceAsStream(resource)) {
            return Parser.parse(Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An instance of {@code module} in Chicory's interpreter. */
    static Instance interpreted(WasmModule module) {
        return Instance.builder(module).build();
    }

    /** An instance of {@code module} as the host compiles it (rewritten), without the cache. */
    static Instance compiled(WasmModule module) {
        return Instance.builder(module)
                .withMachineFactory(ModuleCompiler.compileUncached(module))
                .build();
    }
}
