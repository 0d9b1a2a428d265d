package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * {@code call_indirect}'s bridges keep only the cases of functions a table can hold, and the path for another
 * instance's entry only where an import can bring one in ({@link IndirectCalls}): the
 * embedded Chicory still makes the bridges the rewrite looks for (if an upgrade changes them, the count fails:
 * calls would stay correct, only slower again), and every call answers or traps as Chicory's own compiled code
 * does, for every slot (filled by an element segment, by {@code table.set}, null, of another type, past the end),
 * also once the JIT has compiled and inlined the bridge.
 */
class IndirectCallsTest {

    private static final WasmModule INDIRECT = WatModules.parse("/compile/indirect.wat");
    private static final int[][] OPERANDS = {{7, 3}, {-8, 5}, {0, 1}, {Integer.MIN_VALUE, -1}, {12345, 0}};

    @Test
    void casesOfFunctionsNoTableHoldsAndThePathForOtherInstancesAreDropped() {
        // cases: (i32, i32) -> i32: $div, $rem (exported), divide; apply's type: apply; () -> (): install_mul.
        // Kept: $add, $sub (elements), $mul (declared, table.set), $negate (elements, the other type).
        // The other instance's path: in each of the four bridges (no import can bring a reference in).
        assertEquals(5 + 4, ModuleCompiler.compileAfresh(INDIRECT).indirectPaths(), "paths dropped");
    }

    @Test
    void answersAndTrapsAsChicorysCompiledCodeInEverySlotAlsoOnceJitCompiled() {
        Instance chicory = Instance.builder(INDIRECT)
                .withMachineFactory(MachineFactoryCompiler.compile(INDIRECT))
                .build();
        Instance rewritten = WatModules.compiled(INDIRECT);
        for (int round = 0; round < 2000; round++) { // enough calls for C2 to compile apply with the bridge inlined
            if (round == 1000) { // slot 2 gets $mul: a case kept for a function no element segment holds
                chicory.export("install_mul").apply();
                rewritten.export("install_mul").apply();
            }
            for (int slot = -1; slot <= 9; slot++) {
                for (int[] pair : OPERANDS) {
                    String call = "apply(" + slot + ", " + pair[0] + ", " + pair[1] + ") in round " + round;
                    assertEquals(outcome(chicory, slot, pair), outcome(rewritten, slot, pair), call);
                }
            }
        }
        assertEquals("10", outcome(rewritten, 0, new int[] {7, 3}), "slot 0: add");
        assertEquals("21", outcome(rewritten, 2, new int[] {7, 3}), "slot 2: mul, set by the module");
        assertTrue(outcome(rewritten, 3, new int[] {7, 3}).contains("indirect call type mismatch"), "slot 3");
    }

    @Test
    void aModuleWhoseElementsAreNotPlainReferencesKeepsEveryCase() {
        byte[] plain = Wat2Wasm.parse("""
                (module
                  (type $binary (func (param i32 i32) (result i32)))
                  (import "env" "first" (global $first funcref))
                  (table $slots 2 funcref)
                  (elem (i32.const 0) $add)
                  (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
                  (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
                  (func (export "apply") (param i32 i32 i32) (result i32)
                    (call_indirect $slots (type $binary) (local.get 1) (local.get 2) (local.get 0))))
                """);
        // wat2wasm writes no other element expression than ref.func and ref.null: the segment by hand, its
        // one slot holding the imported global's reference ("elem (i32.const 0) funcref (global.get $first)")
        byte[] functionIndices = {0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00};
        byte[] globalGet = {0x09, 0x09, 0x01, 0x04, 0x41, 0x00, 0x0b, 0x01, 0x23, 0x00, 0x0b};
        WasmModule computed = Parser.parse(replaced(plain, functionIndices, globalGet));
        IndirectCalls.Targets targets = IndirectCalls.Targets.of(computed);
        assertTrue(targets.mayHold(0) && targets.mayHold(1) && targets.mayHold(2), "any function");
        assertEquals(0, ModuleCompiler.compileAfresh(computed).indirectPaths(), "paths dropped");
    }

    @Test
    void exportedFunctionsStayTargetsWhereAnImportCanHandReferencesIn() {
        String module = """
                (module
                  %s
                  (table $slots 1 funcref)
                  (func (export "exported") (param i32) (result i32) (local.get 0))
                  (func $hidden (param i32) (result i32) (local.get 0)))
                """;
        IndirectCalls.Targets alone = IndirectCalls.Targets.of(WatModules.parseText(module.formatted("")));
        assertFalse(alone.mayHold(0), "nothing can hand the export in");
        for (String channel : new String[] {
            "(import \"env\" \"table\" (table 1 funcref))",
            "(import \"env\" \"first\" (global funcref))",
            "(import \"env\" \"lookup\" (func (result funcref)))"
        }) {
            IndirectCalls.Targets open = IndirectCalls.Targets.of(WatModules.parseText(module.formatted(channel)));
            int exported = channel.contains("func (result") ? 1 : 0; // an imported function comes first
            assertTrue(open.mayHold(exported), channel);
            assertFalse(open.mayHold(exported + 1), channel + ": the function nothing refers to");
        }
    }

    /** {@code bytes} with its one occurrence of {@code from} replaced by {@code to}. */
    private static byte[] replaced(byte[] bytes, byte[] from, byte[] to) {
        int at = -1;
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                assertEquals(-1, at, "one element section");
                at = i;
            }
        }
        assertTrue(at >= 0, "the element section as wat2wasm writes it");
        byte[] out = new byte[bytes.length - from.length + to.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(to, 0, out, at, to.length);
        System.arraycopy(bytes, at + from.length, out, at + to.length, bytes.length - at - from.length);
        return out;
    }

    /** What {@code apply(slot, a, b)} gives: its result, or the trap's class and message. */
    private static String outcome(Instance instance, int slot, int[] pair) {
        try {
            return Long.toString((int) instance.export("apply").apply(slot, pair[0], pair[1])[0]);
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + Objects.toString(e.getMessage());
        }
    }
}
