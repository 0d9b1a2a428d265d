package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import com.dylibso.chicory.wasm.WasmModule;

/**
 * The back-edge checks of Chicory's compiled code, rewritten into a budget: the embedded Chicory still emits
 * the pattern the rewrite looks for (if an upgrade changes it, the count below fails: calls would stay correct
 * and interruptible, only slower), the rewritten code answers as the interpreter does, past many refills of the
 * budget, and a loop that never ends still stops when its thread is interrupted.
 */
class BackEdgeChecksTest {

    private static final WasmModule LOOPS = WatModules.parse("/compile/loops.wat");

    @Test
    void everyBackEdgeCheckOfABrOrBrIfIsRewrittenAndNoOtherCheck() {
        RewritingCollector classes = ModuleCompiler.compileAfresh(LOOPS);
        // squares: 1 br_if; nested: 2 br; spin_br: 1 br; spin_br_if: 1 br_if and 1 br. table's br_table is left,
        // and so are the br_if of calls, whose loop calls a function, and the br of registers (no memory read)
        assertEquals(6, classes.backEdges(), "Chicory's back-edge checks are not where the rewrite expects them");
        int left = 0;
        for (Map.Entry<String, byte[]> entry : classes.classBytes().entrySet()) {
            left += plainBackEdgeChecks(entry.getValue());
        }
        assertEquals(2, left, "only the loops with a call or without memory keep Chicory's check on their back-edge");
    }

    /** Checks followed by a backward jump that is not the budget's refill path (one of Chicory's, unrewritten). */
    private static int plainBackEdgeChecks(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        int plain = 0;
        for (MethodNode method : node.methods) {
            List<AbstractInsnNode> list = new ArrayList<>();
            method.instructions.forEach(list::add);
            for (int i = 2; i < list.size() - 1; i++) {
                if (list.get(i) instanceof MethodInsnNode call
                        && call.name.equals("checkInterruption")
                        && list.get(i + 1) instanceof JumpInsnNode jump
                        && jump.getOpcode() == Opcodes.GOTO
                        && list.indexOf(jump.label) < i) {
                    boolean refill = list.get(i - 1).getOpcode() == Opcodes.ISTORE
                            && list.get(i - 2) instanceof LdcInsnNode ldc
                            && Integer.valueOf(BackEdgeChecks.BUDGET).equals(ldc.cst);
                    plain += refill ? 0 : 1;
                }
            }
        }
        return plain;
    }

    @ParameterizedTest
    @CsvSource({
        "squares, 0",
        "squares, 1",
        "squares, 1000",
        "squares, 3000000",
        "nested, 0",
        "nested, 1500",
        "calls, 100000",
        "registers, 27",
        "registers, 837799"
    })
    void rewrittenLoopsAnswerAsTheInterpreterPastManyRefillsOfTheBudget(String function, int n) {
        long interpreted = WatModules.interpreted(LOOPS).export(function).apply(n)[0];
        long compiled = WatModules.compiled(LOOPS).export(function).apply(n)[0];
        assertEquals(interpreted, compiled);
    }

    @Test
    void aBrTableBackEdgeKeepsChicorysCheckAndAnswers() {
        assertEquals(100_000, WatModules.compiled(LOOPS).export("table").apply(100_000)[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spin_br", "spin_br_if"})
    void aLoopThatNeverEndsStopsWhenItsThreadIsInterrupted(String function) throws InterruptedException {
        WatModules.assertStopsWhenInterrupted(WatModules.compiled(LOOPS), function, 1);
    }
}
