package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * Methods too large for the JIT split into parts ({@link MethodSplitter}): a generated function far past the
 * limit, of every kind of statement the parts must hand over (locals of the four types written on some paths
 * only, loops, {@code br_table}, selects, calls, memory, a value held on the stack across many statements),
 * leaves no method past the limit and answers as the interpreter does, also once the JIT has compiled the parts;
 * a runaway loop inside a part still stops on the deadline's interrupt.
 */
class MethodSplitterTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 12345, 0x7fff_ffff, 0x8000_0000L})
    void aFunctionPastTheLimitIsSplitAndAnswersAsInterpreted(long seed) {
        WasmModule module = WatModules.parseText(largeModule(seed, false));
        RewritingCollector classes = ModuleCompiler.compileAfresh(module);
        assertTrue(classes.splitParts() > 1, "parts made: " + classes.splitParts());
        assertEquals(0, MethodSizes.pastJitLimit(classes.classBytes()), "methods still past the JIT's limit");

        Instance interpreted = WatModules.interpreted(module);
        Instance compiled = WatModules.compiled(module);
        for (int round = 0; round < 40; round++) { // the JIT compiles the parts on the way
            for (long x : new long[] {0, 1, -1, 3, 1000, 0x7fff_ffff, 0x8000_0000L, seed + round}) {
                for (long y : new long[] {0, -5, 1L << 40, seed * 31}) {
                    assertEquals(
                            answer(interpreted, x, y),
                            answer(compiled, x, y),
                            "big(" + x + ", " + y + ") with seed " + seed);
                    assertEquals(
                            interpreted.memory().readLong(64),
                            compiled.memory().readLong(64),
                            "the value stored at the end, held on the stack throughout");
                }
            }
        }
    }

    /** What {@code big(x, y)} returns, and the global it sets, or the trap it ends on. */
    private static String answer(Instance instance, long x, long y) {
        try {
            return instance.export("big").apply(x, y)[0] + ", global "
                    + instance.global(0).getValue();
        } catch (WasmRuntimeException trap) {
            return "trap: " + trap.getMessage();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"i32 64", "i64 140"})
    void aFunctionWithManyLiveLocalsIsSplitAndAnswersAsInterpreted(String locals) {
        // 64 locals live throughout: each part takes dozens and gives dozens back through the long[]; 140 longs take
        // 280 slots, more than a JVM method's 255 arguments, so a stretch that reads them all cannot be a part
        String type = locals.split(" ")[0];
        WasmModule module = WatModules.parseText(manyLocalsModule(type, Integer.parseInt(locals.split(" ")[1]), 700));
        RewritingCollector classes = ModuleCompiler.compileAfresh(module);
        assertTrue(classes.splitParts() > 1, "parts made: " + classes.splitParts());
        if (type.equals("i32")) { // 140 longs: the calls handing them over are about as large as what they replace
            assertEquals(0, MethodSizes.pastJitLimit(classes.classBytes()), "methods still past the JIT's limit");
        }
        Instance interpreted = WatModules.interpreted(module);
        Instance compiled = WatModules.compiled(module);
        for (int round = 0; round < 40; round++) {
            for (long x : new long[] {0, 1, -7, 0x7fff_ffff, round}) {
                assertEquals(
                        interpreted.export("many").apply(x)[0],
                        compiled.export("many").apply(x)[0],
                        "many(" + x + ")");
            }
        }
    }

    /** {@code many(x) -> x's type}: {@code count} locals of {@code type} updated from each other, {@code statements} times. */
    private static String manyLocalsModule(String type, int count, int statements) {
        StringBuilder wat =
                new StringBuilder("(module (func (export \"many\") (param $x " + type + ") (result " + type + ")");
        for (int v = 0; v < count; v++) {
            wat.append(" (local $v").append(v).append(' ').append(type).append(')');
        }
        wat.append('\n');
        for (int v = 0; v < count; v++) {
            wat.append("(local.set $v")
                    .append(v)
                    .append(" (" + type + ".add (local.get $x) (" + type + ".const ")
                    .append(v)
                    .append(")))\n");
        }
        Random random = new Random(count);
        for (int i = 0; i < statements; i++) {
            int to = random.nextInt(count);
            int from = random.nextInt(count);
            wat.append("(local.set $v")
                    .append(to)
                    .append(" (" + type + ".add (" + type + ".rotl (local.get $v")
                    .append(to)
                    .append(") (" + type + ".const 5)) (" + type + ".xor (local.get $v")
                    .append(from)
                    .append(") (" + type + ".const ")
                    .append(random.nextInt())
                    .append("))))\n");
        }
        wat.append("(" + type + ".const 0)");
        for (int v = 0; v < count; v++) {
            wat.append(" (local.get $v").append(v).append(") (" + type + ".add)");
        }
        return wat.append("))").toString();
    }

    @Test
    void aModuleSplitsNoMoreMethodsThanItsBudget() {
        // three functions past the limit, a budget of two: the third stays whole (and the host would say so)
        StringBuilder wat = new StringBuilder("(module");
        for (int f = 0; f < 3; f++) {
            wat.append(" (func (export \"f").append(f).append("\") (param $x i32) (result i32)");
            for (int i = 0; i < 2500; i++) {
                wat.append(" (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 3)) (i32.const ")
                        .append(i + f)
                        .append(")))");
            }
            wat.append(" (local.get $x))");
        }
        WasmModule module = WatModules.parseText(wat.append(')').toString());
        RewritingCollector classes = ModuleCompiler.compileAfresh(module, LateInlinedCalls.MAX_SITES_PER_MODULE, 2);
        assertTrue(classes.splitParts() > 1, "parts made: " + classes.splitParts());
        assertEquals(1, MethodSizes.pastJitLimit(classes.classBytes()), "methods left past the JIT's limit");
    }

    @Test
    void aRunawayLoopInsideAPartStopsOnTheInterrupt() throws InterruptedException {
        WasmModule module = WatModules.parseText(largeModule(99, true));
        assertTrue(ModuleCompiler.compileAfresh(module).splitParts() > 1);
        WatModules.assertStopsWhenInterrupted(WatModules.compiled(module), "big", 5, 5);
    }

    /**
     * A module whose {@code big(x i32, y i64) -> i64} is several times the JIT's limit once compiled: a seeded
     * mix of statements, inside an {@code i64.store} whose address is pushed before them all. With
     * {@code runaway}, a loop that never ends sits in its middle.
     */
    private static String largeModule(long seed, boolean runaway) {
        Random random = new Random(seed);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 900; i++) {
            if (runaway && i == 450) {
                body.append("(loop $spin (local.set $a (i32.add (local.get $a) (i32.const 1))) (br $spin))\n");
            }
            body.append(statement(random, i)).append('\n');
        }
        return """
                (module
                  (memory 1 2)
                  (global $g (mut i32) (i32.const 0))
                  (type $unary (func (param i32) (result i32)))
                  (table 2 funcref)
                  (elem (i32.const 0) $mix $twice)
                  (func $mix (param i32) (result i32)
                    (i32.xor (i32.mul (local.get 0) (i32.const 0x9e3779b1)) (i32.const 0x5bd1e995)))
                  (func $twice (param i32) (result i32) (i32.shl (local.get 0) (i32.const 1)))
                  (func (export "big") (param $x i32) (param $y i64) (result i64)
                    (local $a i32) (local $b i64) (local $f f32) (local $d f64) (local $i i32) (local $c i32)
                    (local.set $a (local.get $x))
                    (local.set $b (local.get $y))
                    (local.set $d (f64.const 1.5))
                    (i64.store (i32.const 64)
                      (i64.add (local.get $b) (block (result i64)
                """ + body + """
                        (i64.extend_i32_u (local.get $a)))))
                    (i64.add
                      (i64.add (local.get $b) (i64.extend_i32_u (local.get $a)))
                      (i64.add (i64.reinterpret_f64 (local.get $d))
                               (i64.extend_i32_u (i32.add (i32.reinterpret_f32 (local.get $f)) (local.get $c)))))))
                """;
    }

    /** One statement of the large function. */
    private static String statement(Random random, int i) {
        int k = random.nextInt(1 << 20) - (1 << 19);
        return switch (random.nextInt(17)) {
            case 0 -> "(local.set $a (i32.add (i32.mul (local.get $a) (i32.const " + (k | 1) + ")) (local.get $x)))";
            case 1 ->
                "(local.set $b (i64.xor (i64.rotl (local.get $b) (i64.const 7)) (i64.extend_i32_s (local.get $a))))";
            case 2 ->
                "(local.set $f (f32.add (f32.mul (local.get $f) (f32.const 0.5)) (f32.convert_i32_s (local.get $a))))";
            case 3 ->
                "(local.set $d (f64.add (f64.mul (local.get $d) (f64.const 1.0000001)) (f64.convert_i64_s (local.get $b))))";
            case 4 ->
                "(if (i32.lt_s (local.get $a) (i32.const " + k + "))"
                        + " (then (local.set $c (i32.sub (local.get $c) (local.get $x)))"
                        + " (local.set $d (f64.sub (local.get $d) (f64.const 2.25)))))";
            case 5 ->
                "(local.set $i (i32.const 0)) (block $out" + i + " (loop $next" + i
                        + " (br_if $out" + i + " (i32.ge_u (local.get $i) (i32.and (local.get $a) (i32.const 7))))"
                        + " (local.set $c (i32.add (local.get $c) (local.get $i)))"
                        + " (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $next" + i + ")))";
            case 6 ->
                "(i32.store (i32.and (local.get $a) (i32.const 0xff0)) (local.get $c))"
                        + " (local.set $c (i32.add (local.get $c) (i32.load offset=4 (i32.and (i32.wrap_i64 (local.get $b)) (i32.const 0xff0)))))";
            case 7 -> "(local.set $a (select (local.get $a) (local.get $c) (i32.lt_u (local.get $a) (local.get $c))))";
            case 8 ->
                "(block $z" + i + " (block $o" + i + " (br_table $z" + i + " $o" + i + " $z" + i
                        + " (i32.and (local.get $a) (i32.const 3))))"
                        + " (local.set $b (i64.add (local.get $b) (i64.const " + k + "))))";
            case 9 -> "(local.set $c (call $mix (i32.add (local.get $c) (local.get $a))))";
            case 12 -> "(global.set $g (i32.add (global.get $g) (local.get $a)))";
            case 13 ->
                "(local.set $c (call_indirect (type $unary) (local.get $c) (i32.and (local.get $a) (i32.const 1))))";
            case 14 ->
                "(local.set $a (i32.add (local.get $a) (block (result i32)"
                        + " (drop (br_if 0 (i32.const 7) (i32.lt_s (local.get $c) (i32.const 0)))) (local.get $x))))";
            case 15 -> "(local.set $c (i32.add (local.get $c) (i32.add (memory.size) (memory.grow (i32.const 0)))))";
            case 16 ->
                "(local.set $c (i32.add (local.get $c) (i32.rem_s (i32.const 1000) (i32.and (local.get $a) (i32.const "
                        + (random.nextBoolean() ? "0xff" : "0xffff") + ")))))"; // traps where the low bits are 0
            case 10 -> "(local.set $a (i32.add (local.get $a) (i32.trunc_sat_f32_s (local.get $f))))";
            default ->
                "(local.set $b (i64.add (local.get $b) (i64.mul (i64.extend_i32_u (local.get $c)) (i64.const " + k
                        + "))))";
        };
    }
}
