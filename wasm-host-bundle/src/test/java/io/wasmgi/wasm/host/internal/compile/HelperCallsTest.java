package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * The calls of Chicory's helpers that the host replaces ({@link HelperCalls}): the embedded Chicory's compiler
 * still emits them where the rewrite looks (if an upgrade changes that, the counts fail: the code would stay
 * correct, but slow again), none is left, and the compiled code answers as the interpreter does at every edge of
 * the unsigned range, also once the JIT has compiled it.
 */
class HelperCallsTest {

    private static final WasmModule COMPARES = WatModules.parse("/compile/compares.wat");
    private static final int[] EDGES = {
        0, 1, 2, 0x7fff_fffe, 0x7fff_ffff, 0x8000_0000, 0x8000_0001, 0xffff_fffe, 0xffff_ffff, 12345, -12345
    };

    @Test
    void everyUnsignedCompareAndMemoryCopyIsReplacedAndNoneIsLeft() {
        RewritingCollector classes = ModuleCompiler.compileAfresh(COMPARES);
        // in the functions: lt_u, le_u, gt_u, ge_u, div_u64, rem_u64, steps' ge_u, copy's memory.copy; in
        // Chicory's Shaded class: its own i32_ge_u's call of I32_GE_U and its two-memory memoryCopy's call of the
        // one-memory one
        assertEquals(10, classes.helperCalls(), "Chicory's helper calls are not where the rewrite expects them");
        List<String> left = new ArrayList<>();
        classes.classBytes().values().forEach(bytes -> left.addAll(replaceableCalls(bytes)));
        assertEquals(List.of(), left, "calls the rewrite should have replaced");
    }

    /** Calls of the helpers {@link HelperCalls} replaces. */
    private static List<String> replaceableCalls(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        List<String> found = new ArrayList<>();
        for (MethodNode method : node.methods) {
            for (AbstractInsnNode instruction : method.instructions) {
                if (instruction instanceof MethodInsnNode call
                        && (call.owner.equals("com/dylibso/chicory/runtime/OpcodeImpl")
                                        && call.name.matches("I32_(LT|LE|GT|GE)_U|I64_(DIV|REM)_U")
                                || call.owner.endsWith("Shaded") && call.name.equals("i32_ge_u")
                                || call.owner.endsWith("Shaded")
                                        && call.name.equals("memoryCopy")
                                        && call.desc.equals("(IIILcom/dylibso/chicory/runtime/Memory;)V"))) {
                    found.add(node.name + "." + method.name + " calls " + call.owner + "." + call.name);
                }
            }
        }
        return found;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lt_u", "le_u", "gt_u", "ge_u"})
    void compiledComparesAnswerAsTheInterpreterAtEveryEdgeAlsoOnceJitCompiled(String compare) {
        Instance interpreted = WatModules.interpreted(COMPARES);
        Instance compiled = WatModules.compiled(COMPARES);
        for (int round = 0; round < 200; round++) { // enough calls for the JIT to compile the compare
            for (int a : EDGES) {
                for (int b : EDGES) {
                    long expected = interpreted.export(compare).apply(a, b)[0];
                    assertEquals(expected, compiled.export(compare).apply(a, b)[0], compare + "(" + a + ", " + b + ")");
                    assertEquals(expected, javaAnswer(compare, a, b), compare + " in Java");
                }
            }
        }
    }

    private static long javaAnswer(String compare, int a, int b) {
        int order = Integer.compareUnsigned(a, b);
        boolean answer = switch (compare) {
            case "lt_u" -> order < 0;
            case "le_u" -> order <= 0;
            case "gt_u" -> order > 0;
            default -> order >= 0;
        };
        return answer ? 1 : 0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"div_u64", "rem_u64"})
    void unsignedLongDivisionsAnswerAsTheInterpreterAtEveryEdgeAlsoOnceJitCompiled(String division) {
        long[] edges = {
            0,
            1,
            2,
            3,
            7,
            10,
            0x7fff_ffff_ffff_fffeL,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            0x8000_0000_0000_0001L,
            -2,
            -1,
            0xffff_ffffL,
            0x1_0000_0000L,
            -12345,
            12345
        };
        Instance interpreted = WatModules.interpreted(COMPARES);
        Instance compiled = WatModules.compiled(COMPARES);
        for (int round = 0; round < 200; round++) { // enough calls for the JIT to compile the division
            for (long a : edges) {
                for (long b : edges) {
                    String call = division + "(" + Long.toUnsignedString(a) + ", " + Long.toUnsignedString(b) + ")";
                    String expected = longAnswer(interpreted, division, a, b);
                    assertEquals(expected, longAnswer(compiled, division, a, b), call);
                    String java = b == 0
                            ? "trap: integer divide by zero"
                            : Long.toString(
                                    division.equals("div_u64")
                                            ? Long.divideUnsigned(a, b)
                                            : Long.remainderUnsigned(a, b));
                    assertEquals(java, expected, call + " in Java");
                }
            }
        }
    }

    private static String longAnswer(Instance instance, String division, long a, long b) {
        try {
            return Long.toString(instance.export(division).apply(a, b)[0]);
        } catch (WasmRuntimeException trap) {
            return "trap: " + trap.getMessage();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0, 10, 1, 10",
        "0x7ffffff0, 0x80000010, 1, 16032",
        "0xfffffff0, 0xffffffff, 1, 15015",
        "0x80000000, 0x7fffffff, 1, 0",
        "5, 5, 1, 0",
        "0, 0x40000000, 0x100000, 1024"
    })
    void aLoopThatExitsOnAnUnsignedCompareRunsAsInterpreted(long from, long to, int step, int steps) {
        Instance compiled = WatModules.compiled(COMPARES);
        for (int round = 0; round < 500; round++) {
            assertEquals(steps, compiled.export("steps").apply(from, to, step)[0]);
        }
        assertEquals(steps, WatModules.interpreted(COMPARES).export("steps").apply(from, to, step)[0]);
    }

    @Test
    void memoryCopyMovesOverlappingBytesAndTrapsPastTheEnd() {
        Instance compiled = WatModules.compiled(COMPARES);
        assertEquals(0x05040302, compiled.export("copy").apply(0, 1, 4)[0]); // forwards, overlapping
        assertEquals(0x03020101, compiled.export("copy").apply(1, 0, 3)[0]); // backwards, overlapping
        WasmRuntimeException trap = assertThrows(
                WasmRuntimeException.class, () -> compiled.export("copy").apply(65_535, 0, 2));
        assertTrue(trap.getMessage().contains("out of bounds"), trap.getMessage());
    }
}
