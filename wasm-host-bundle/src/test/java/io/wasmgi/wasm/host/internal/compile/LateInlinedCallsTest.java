package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import com.dylibso.chicory.wasm.WasmModule;

/**
 * The memory accesses of large compiled functions made late-inlined call sites ({@link LateInlinedCalls}):
 * the embedded Chicory's compiler still calls the helpers the rewrite looks for (if an upgrade changes them, the
 * counts fail: the code would stay correct, but large functions slow again), a function one access short of the
 * threshold keeps its static calls, the rewritten code answers and traps as the interpreter does at the memory's
 * edges, also once the JIT has compiled it, and a loop of call sites that never ends still stops on an interrupt.
 */
class LateInlinedCallsTest {

    private static final WasmModule ACCESSES = WatModules.parse(AccessEdges.MODULE);
    /** Accesses of {@code fields}, one of each width and kind at least; {@code few} has {@code MIN_ACCESSES - 1}. */
    private static final int FIELDS_ACCESSES = 36;
    /** Accesses of {@code spin}'s endless loop. */
    private static final int SPIN_ACCESSES = 32;

    private static final String BOOTSTRAP = Type.getInternalName(CompiledCallSites.class);

    /** A compiled method's calls of the memory helpers: static, and made call sites. */
    private record Calls(int staticAccesses, int siteAccesses, int sites) {}

    @Test
    void everyAccessOfTheLargeFunctionIsACallSiteAndTheSmallOneKeepsItsCalls() {
        assertEquals(31, LateInlinedCalls.MIN_ACCESSES - 1, "few is one access short of the threshold");
        RewritingCollector classes = ModuleCompiler.compileAfresh(ACCESSES);
        Map<String, Calls> functions = new TreeMap<>();
        classes.classBytes().values().forEach(bytes -> functions.putAll(functionCalls(bytes)));

        List<Calls> rewritten = new ArrayList<>();
        List<Calls> kept = new ArrayList<>();
        functions.values().forEach(calls -> (calls.sites() > 0 ? rewritten : kept).add(calls));
        assertEquals(
                List.of(SPIN_ACCESSES, FIELDS_ACCESSES),
                rewritten.stream().map(Calls::siteAccesses).sorted().toList(),
                "fields and spin rewritten, every access of theirs a call site (else Chicory's memory helpers are not"
                        + " what the rewrite expects): " + functions);
        rewritten.forEach(calls -> assertEquals(0, calls.staticAccesses(), "static accesses left: " + functions));
        assertEquals(rewritten.stream().mapToInt(Calls::sites).sum(), classes.lateInlined(), "the collector's count");
        assertEquals(
                List.of(new Calls(LateInlinedCalls.MIN_ACCESSES - 1, 0, 0)),
                kept,
                "few keeps its static calls: " + functions);
    }

    @Test
    void aModuleMakesNoMoreCallSitesThanItsBudgetAndTheMethodsPastItKeepTheirCalls() {
        RewritingCollector spinOnly = ModuleCompiler.compileAfresh(ACCESSES, SPIN_ACCESSES); // fields needs 45
        Map<String, Calls> functions = new TreeMap<>();
        spinOnly.classBytes().values().forEach(bytes -> functions.putAll(functionCalls(bytes)));
        assertEquals(SPIN_ACCESSES, spinOnly.lateInlined(), String.valueOf(functions));
        assertEquals(
                List.of(FIELDS_ACCESSES, LateInlinedCalls.MIN_ACCESSES - 1),
                functions.values().stream()
                        .map(Calls::staticAccesses)
                        .filter(n -> n > 0)
                        .sorted(Comparator.reverseOrder())
                        .toList(),
                "fields and few keep their static calls: " + functions);

        assertEquals(
                0, ModuleCompiler.compileAfresh(ACCESSES, SPIN_ACCESSES - 1).lateInlined(), "none fits");
    }

    /** The calls of each wasm function's method ({@code func_N}) of a compiled class. */
    private static Map<String, Calls> functionCalls(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        Map<String, Calls> functions = new TreeMap<>();
        for (MethodNode method : node.methods) {
            if (!method.name.startsWith("func_")) {
                continue;
            }
            int staticAccesses = 0;
            int siteAccesses = 0;
            int sites = 0;
            for (AbstractInsnNode instruction : method.instructions) {
                if (instruction instanceof MethodInsnNode call
                        && call.owner.endsWith("Shaded")
                        && call.name.startsWith("memory")) {
                    staticAccesses++;
                } else if (instruction instanceof InvokeDynamicInsnNode site
                        && site.bsm.getOwner().equals(BOOTSTRAP)) {
                    sites++;
                    if (site.name.startsWith("memoryRead") || site.name.startsWith("memoryWrite")) {
                        siteAccesses++;
                    }
                }
            }
            functions.put(node.name + "." + method.name, new Calls(staticAccesses, siteAccesses, sites));
        }
        return functions;
    }

    @Test
    void theRewrittenFunctionAnswersAndTrapsAsTheInterpreterAtTheEdgesAlsoOnceJitCompiled() {
        AccessEdges.assertAnswersAsTheInterpreterAtTheEdges(
                WatModules.interpreted(ACCESSES), WatModules.compiled(ACCESSES));
    }

    @Test
    void aLoopOfCallSitesThatNeverEndsStopsWhenItsThreadIsInterrupted() throws InterruptedException {
        WatModules.assertStopsWhenInterrupted(WatModules.compiled(ACCESSES), "spin", 64);
    }
}
