package io.wasmgi.wasm.host.internal.load;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;

import io.wasmgi.wasm.host.internal.sandbox.WasiImports;

/** The plugin ABI, checked on parsed modules: every mismatch named, all of them in one refusal. */
class AbiCheckTest {

    private static final Map<String, FunctionType> WASI = WasiImports.provided();
    private static final String ABI = "(func (export \"calc\") (param i32 i32) (result i32) i32.const 0)"
            + " (func (export \"name\") (result i32) i32.const 0)"
            + " (func (export \"operator\") (result i32) i32.const 0)"
            + " (func (export \"release_string\") (param i32))";

    private static WasmModule module(String body) {
        return Parser.parse(Wat2Wasm.parse("(module " + body + ")"));
    }

    private static String refusal(String body) {
        return assertThrows(PluginRefusedException.class, () -> AbiCheck.check(module(body), WASI))
                .getMessage();
    }

    @Test
    void theAbiWithWasiImportsPasses() {
        assertDoesNotThrow(() -> AbiCheck.check(
                module("(import \"wasi_snapshot_preview1\" \"fd_write\""
                        + " (func (param i32 i32 i32 i32) (result i32))) (memory (export \"memory\") 1) " + ABI),
                WASI));
    }

    @Test
    void everyMismatchIsNamedInOneRefusal() {
        assertEquals(
                "import wasi_snapshot_preview1.fd_write has signature (I32) -> (I32), the host provides"
                        + " (I32,I32,I32,I32) -> (I32); imports that the host does not provide: env.system, env.mem (memory);"
                        + " export 'calc' has signature (I64,I64) -> (I64), expected (I32,I32) -> (I32);"
                        + " missing export 'operator' () -> (I32); missing export 'memory' (the plugin's linear memory)",
                refusal("(import \"wasi_snapshot_preview1\" \"fd_write\" (func (param i32) (result i32)))"
                        + " (import \"env\" \"system\" (func)) (import \"env\" \"mem\" (memory 1))"
                        + " (func (export \"calc\") (param i64 i64) (result i64) i64.const 0)"
                        + " (func (export \"name\") (result i32) i32.const 0)"
                        + " (func (export \"release_string\") (param i32))"));
    }

    @Test
    void anExportOfTheWrongKindIsNamed() {
        assertEquals(
                "export 'name' is a global, not a function",
                refusal("(memory (export \"memory\") 1) (global (export \"name\") i32 (i32.const 0))"
                        + " (func (export \"calc\") (param i32 i32) (result i32) i32.const 0)"
                        + " (func (export \"operator\") (result i32) i32.const 0)"
                        + " (func (export \"release_string\") (param i32))"));
    }

    @Test
    void importedFunctionsCountInTheIndexOfAnExport() {
        // calc is function 1 here: the import is function 0, of another type
        assertDoesNotThrow(() -> AbiCheck.check(
                module("(import \"wasi_snapshot_preview1\" \"proc_exit\""
                        + " (func (param i32))) (memory (export \"memory\") 1) " + ABI),
                WASI));
    }
}
