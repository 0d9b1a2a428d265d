package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.IntBinaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * Selects that are a minimum or a maximum ({@link MinMaxSelects}): the embedded Chicory's compiler still emits
 * them where the rewrite looks (if an upgrade changes that, the count fails: the code would stay correct, but
 * branchy again), only they are rewritten, and the compiled code answers as the interpreter and as plain Java do
 * at every edge of the signed and unsigned ranges, also once the JIT has compiled it.
 */
class MinMaxSelectsTest {

    private static final WasmModule SELECTS = WatModules.parse("/compile/minmax.wat");
    private static final int[] EDGES = {
        0,
        1,
        2,
        255,
        256,
        0x7fff_fffe,
        0x7fff_ffff,
        0x8000_0000,
        0x8000_0001,
        0xffff_fffe,
        0xffff_ffff,
        12345,
        -12345,
        0x1_0005,
        0x2_0003
    };
    private static final List<String> ORDERS = List.of("lt_s", "le_s", "gt_s", "ge_s", "lt_u", "le_u", "gt_u", "ge_u");

    @Test
    void everyMinimumOrMaximumIsRewrittenAndNothingElse() {
        // 8 orders x 2 operand orders, and clamp's two; not masked, other, eq, stale
        assertEquals(18, ModuleCompiler.compileAfresh(SELECTS).minMaxSelects(), "selects rewritten");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "lt_s",
                "le_s",
                "gt_s",
                "ge_s",
                "lt_u",
                "le_u",
                "gt_u",
                "ge_u",
                "lt_s_swapped",
                "le_s_swapped",
                "gt_s_swapped",
                "ge_s_swapped",
                "lt_u_swapped",
                "le_u_swapped",
                "gt_u_swapped",
                "ge_u_swapped",
                "clamp",
                "masked",
                "other",
                "eq",
                "stale"
            })
    void answersAsTheInterpreterAndJavaAtEveryEdgeAlsoOnceJitCompiled(String function) {
        Instance interpreted = WatModules.interpreted(SELECTS);
        Instance compiled = WatModules.compiled(SELECTS);
        IntBinaryOperator java = javaAnswer(function);
        for (int round = 0; round < 300; round++) { // enough calls for the JIT to compile the select
            for (int a : EDGES) {
                for (int b : EDGES) {
                    String call = function + "(" + a + ", " + b + ")";
                    int expected = (int) interpreted.export(function).apply(a, b)[0];
                    assertEquals(expected, (int) compiled.export(function).apply(a, b)[0], call);
                    assertEquals(expected, java.applyAsInt(a, b), call + " in Java");
                }
            }
        }
    }

    /** What the function computes, written out in Java. */
    private static IntBinaryOperator javaAnswer(String function) {
        return switch (function) {
            case "clamp" -> (x, unused) -> Math.max(0, x + 1) < 255 ? Math.max(0, x + 1) : 255;
            case "masked" -> (a, b) -> (a & 0xffff) < (b & 0xffff) ? a : b;
            case "other" -> (a, b) -> a < b + 7 ? a : b;
            case "eq" -> (a, b) -> a == b ? a : 3;
            case "stale" -> (a, b) -> a - 9 < b ? a : b;
            default -> {
                String order = function.substring(0, 4);
                assertEquals(true, ORDERS.contains(order), function);
                boolean swapped = function.endsWith("_swapped");
                yield (a, b) -> (swapped ? holds(order, b, a) : holds(order, a, b)) ? a : b;
            }
        };
    }

    private static boolean holds(String order, int x, int y) {
        int signed = Integer.compare(x, y);
        int unsigned = Integer.compareUnsigned(x, y);
        return switch (order) {
            case "lt_s" -> signed < 0;
            case "le_s" -> signed <= 0;
            case "gt_s" -> signed > 0;
            case "ge_s" -> signed >= 0;
            case "lt_u" -> unsigned < 0;
            case "le_u" -> unsigned <= 0;
            case "gt_u" -> unsigned > 0;
            default -> unsigned >= 0;
        };
    }
}
