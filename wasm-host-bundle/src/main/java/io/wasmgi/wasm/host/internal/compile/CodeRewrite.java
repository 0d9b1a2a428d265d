package io.wasmgi.wasm.host.internal.compile;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What the host changes in each class Chicory's compiler generates, before it is defined or cached: the cases of
 * {@code call_indirect}'s bridges for functions no table holds ({@link IndirectCalls}), calls of some of Chicory's
 * helpers ({@link HelperCalls}), selects that are a minimum or a maximum ({@link MinMaxSelects}), the back-edge
 * checks ({@link BackEdgeChecks}) and the memory accesses of large methods ({@link LateInlinedCalls});
 * then it splits methods Chicory made too large for the JIT ({@link MethodSplitter}). A class whose added
 * instructions would not fit (a method past 64 KiB) stays as Chicory made it: correct, only slower. A method the
 * back-edge or access rewrite would push past the size HotSpot still compiles ({@link MethodSizes#JIT_LIMIT})
 * keeps Chicory's back-edge checks and static calls: a few bytes more there would leave it in the JVM's
 * interpreter for good.
 */
final class CodeRewrite {

    private CodeRewrite() {}

    /** A class's bytes after the rewrite, and what was rewritten (nothing: the bytes unchanged). */
    @SuppressWarnings("ArrayRecordComponent") // handed on to the class loader, never compared
    record Rewritten(
            byte[] bytes,
            int indirectPaths,
            int helperCalls,
            int minMaxSelects,
            int backEdges,
            int lateInlined,
            int splitMethods,
            int splitParts) {

        private static Rewritten unchanged(byte[] bytes) {
            return new Rewritten(bytes, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /**
     * Rewrites a class of a module whose tables can hold {@code targets}, making at most {@code siteBudget} call
     * sites ({@link LateInlinedCalls}) and splitting at most {@code splitBudget} methods ({@link MethodSplitter}).
     */
    static Rewritten rewrite(byte[] classBytes, int siteBudget, int splitBudget, IndirectCalls.Targets targets) {
        Map<String, Integer> before = MethodSizes.of(classBytes);
        Set<String> tooLarge = before.entrySet().stream()
                .filter(method -> method.getValue() > MethodSizes.JIT_LIMIT)
                .map(Map.Entry::getKey)
                .sorted() // the same methods split every time
                .limit(Math.max(0, splitBudget))
                .collect(Collectors.toSet());
        Rewritten rewritten = rewrite(classBytes, Set.of(), tooLarge, siteBudget, targets);
        if (rewritten.bytes() == classBytes) {
            return rewritten;
        }
        Set<String> pushed = pushedPastJitLimit(before, rewritten.bytes());
        if (pushed.isEmpty()) {
            return rewritten;
        }
        Rewritten again = rewrite(classBytes, pushed, tooLarge, siteBudget, targets);
        return pushedPastJitLimit(before, again.bytes()).isEmpty() ? again : Rewritten.unchanged(classBytes);
    }

    /** The methods HotSpot would compile before the rewrite ({@code before}: their sizes) and not after. */
    private static Set<String> pushedPastJitLimit(Map<String, Integer> before, byte[] after) {
        Set<String> pushed = new HashSet<>();
        MethodSizes.of(after).forEach((method, size) -> {
            Integer old = before.get(method);
            if (old != null && old <= MethodSizes.JIT_LIMIT && size > MethodSizes.JIT_LIMIT) {
                pushed.add(method);
            }
        });
        return pushed;
    }

    /**
     * Rewrites every method; those of {@code keepSize} (keyed by {@link MethodSizes#key}) only where a call is
     * replaced by one of the same size or less; then splits those of {@code tooLarge}, past the JIT's limit as
     * Chicory made them ({@link MethodSplitter}).
     */
    private static Rewritten rewrite(
            byte[] classBytes,
            Set<String> keepSize,
            Set<String> tooLarge,
            int siteBudget,
            IndirectCalls.Targets targets) {
        ClassNode node = new ClassNode();
        new ClassReader(classBytes).accept(node, ClassReader.SKIP_FRAMES);
        int indirectPaths = 0;
        int helperCalls = 0;
        int backEdges = 0;
        int lateInlined = 0;
        int minMaxSelects = 0;
        for (MethodNode method : node.methods) {
            indirectPaths += IndirectCalls.narrow(method, targets); // smaller: cases dropped
            helperCalls += HelperCalls.rewrite(method); // same size: one call for another
            minMaxSelects += MinMaxSelects.rewrite(method); // smaller: six instructions for one
            if (!keepSize.contains(MethodSizes.key(method.name, method.desc))) {
                backEdges += BackEdgeChecks.rewrite(method); // before: it looks for the accesses' static calls
                lateInlined += LateInlinedCalls.rewrite(method, siteBudget - lateInlined);
            }
        }
        int splitParts = MethodSplitter.split(node, tooLarge); // last: it moves what the others made
        int splitMethods = tooLarge.size(); // tried, split or not: the budget bounds the time it takes
        if (indirectPaths == 0
                && helperCalls == 0
                && minMaxSelects == 0
                && backEdges == 0
                && lateInlined == 0
                && splitParts == 0) {
            return new Rewritten(classBytes, 0, 0, 0, 0, 0, splitMethods, 0);
        }
        ClassWriter writer = new FrameComputingWriter();
        try {
            node.accept(writer);
            return new Rewritten(
                    writer.toByteArray(),
                    indirectPaths,
                    helperCalls,
                    minMaxSelects,
                    backEdges,
                    lateInlined,
                    splitMethods,
                    splitParts);
        } catch (MethodTooLargeException | ClassTooLargeException e) {
            return Rewritten.unchanged(classBytes);
        }
    }

    /**
     * Frames are computed afresh (the back-edge rewrite adds a local and jumps). Where two reference types meet,
     * ASM asks for their common superclass: Chicory's types are this bundle's; the generated classes are not
     * loadable from here, and for them {@code Object} is what the verifier accepts.
     */
    private static final class FrameComputingWriter extends ClassWriter {
        FrameComputingWriter() {
            super(ClassWriter.COMPUTE_FRAMES);
        }

        @Override
        protected ClassLoader getClassLoader() {
            return CodeRewrite.class.getClassLoader();
        }

        @Override
        protected String getCommonSuperClass(String type1, String type2) {
            try {
                return super.getCommonSuperClass(type1, type2);
            } catch (TypeNotPresentException e) {
                return "java/lang/Object";
            }
        }
    }
}
