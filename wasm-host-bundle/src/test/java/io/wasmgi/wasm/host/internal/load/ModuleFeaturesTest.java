package io.wasmgi.wasm.host.internal.load;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

import io.wasmgi.wasm.host.internal.sandbox.Sandbox;

/** What a module may declare beyond the ABI: refused by count, by feature, with the figures. */
class ModuleFeaturesTest {

    private static WasmModule module(String body) {
        return Parser.parse(Wat2Wasm.parse("(module (memory 1) " + body + ")"));
    }

    private static String refusal(String body) {
        return assertThrows(PluginRefusedException.class, () -> ModuleFeatures.check(module(body)))
                .getMessage();
    }

    @Test
    void anOrdinaryModulePasses() {
        assertDoesNotThrow(() -> ModuleFeatures.check(
                module("(table 2 2 funcref) (global i32 (i32.const 0))" + " (func (export \"_initialize\"))")));
    }

    @Test
    void tooManyGlobalsOrTablesOrTableEntriesAreRefusedWithTheFigures() {
        WasmModule globals = Parser.parse(withGlobals(ModuleFeatures.MAX_GLOBALS + 1));
        assertTrue(assertThrows(PluginRefusedException.class, () -> ModuleFeatures.check(globals))
                .getMessage()
                .contains("declares 100001 globals, more than the limit of 100000"));
        assertTrue(refusal("(table 1 funcref)".repeat(101)).contains("101 tables"));
        assertTrue(refusal("(table 70000 funcref)")
                .contains("start with 70000 entries, more than the limit of" + " 65536"));
    }

    /** A module of {@code count} i32 globals, written directly: the WAT would take wat2wasm seconds. */
    private static byte[] withGlobals(int count) {
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        ModuleParserTest.leb128(section, count);
        for (int i = 0; i < count; i++) {
            section.writeBytes(new byte[] {0x7f, 0x00, 0x41, 0x00, 0x0b}); // i32, immutable, i32.const 0, end
        }
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        module.write(6);
        ModuleParserTest.leb128(module, section.size());
        module.writeBytes(section.toByteArray());
        return module.toByteArray();
    }

    @Test
    void aTableMayGrowOnlyWithinItsShareOfTheEntries() {
        WasmModule two = module("(table 1 funcref) (table 1 10 funcref)");
        assertEquals(32_768, Sandbox.tableMaximum(two.tableSection().getTable(0), 2));
        assertEquals(10, Sandbox.tableMaximum(two.tableSection().getTable(1), 2));
    }

    @Test
    void simdAndABadInitializerAreRefused() {
        assertTrue(refusal("(func (result i32) (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4)))")
                .contains("uses SIMD"));
        assertTrue(refusal("(func (param v128))").contains("uses SIMD"), "a v128 in a signature is enough");
        assertTrue(refusal("(func (export \"_initialize\") (result i32) i32.const 0)")
                .contains("export '_initialize' has signature"));
        assertTrue(refusal("(global (export \"_initialize\") i32 (i32.const 0))")
                .contains("'_initialize' is a global, not a function"));
    }
}
