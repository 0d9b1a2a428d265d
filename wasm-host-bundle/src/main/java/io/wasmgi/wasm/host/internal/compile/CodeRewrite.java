package io.wasmgi.wasm.host.internal.compile;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What the host changes in each class Chicory's compiler generates, before it is defined or cached: calls of some
 * of Chicory's helpers ({@link HelperCalls}) and the back-edge checks ({@link BackEdgeChecks}). A class whose
 * added instructions would not fit (a method past 64 KiB) stays as Chicory made it: correct, only slower. A
 * method the back-edge rewrite would push past the size HotSpot still compiles ({@link MethodSizes#JIT_LIMIT})
 * keeps Chicory's back-edge checks: a few bytes more there would leave it in the JVM's interpreter for good.
 */
final class CodeRewrite {

    private CodeRewrite() {}

    /** A class's bytes after the rewrite, and what was rewritten (nothing: the bytes unchanged). */
    @SuppressWarnings("ArrayRecordComponent") // handed on to the class loader, never compared
    record Rewritten(byte[] bytes, int helperCalls, int backEdges) {}

    static Rewritten rewrite(byte[] classBytes) {
        Rewritten rewritten = rewrite(classBytes, Set.of());
        if (rewritten.bytes() == classBytes) {
            return rewritten;
        }
        Set<String> pushed = pushedPastJitLimit(classBytes, rewritten.bytes());
        if (pushed.isEmpty()) {
            return rewritten;
        }
        Rewritten again = rewrite(classBytes, pushed);
        return pushedPastJitLimit(classBytes, again.bytes()).isEmpty() ? again : new Rewritten(classBytes, 0, 0);
    }

    /** The methods HotSpot would compile before the rewrite and not after. */
    private static Set<String> pushedPastJitLimit(byte[] before, byte[] after) {
        Map<String, Integer> was = MethodSizes.of(before);
        Set<String> pushed = new HashSet<>();
        MethodSizes.of(after).forEach((method, size) -> {
            Integer old = was.get(method);
            if (old != null && old <= MethodSizes.JIT_LIMIT && size > MethodSizes.JIT_LIMIT) {
                pushed.add(method);
            }
        });
        return pushed;
    }

    /** Rewrites every method, but for the back-edges of {@code keepBackEdges} (keyed by {@link MethodSizes#key}). */
    private static Rewritten rewrite(byte[] classBytes, Set<String> keepBackEdges) {
        ClassNode node = new ClassNode();
        new ClassReader(classBytes).accept(node, ClassReader.SKIP_FRAMES);
        int helperCalls = 0;
        int backEdges = 0;
        for (MethodNode method : node.methods) {
            helperCalls += HelperCalls.rewrite(method); // same size: one call for another
            if (!keepBackEdges.contains(MethodSizes.key(method.name, method.desc))) {
                backEdges += BackEdgeChecks.rewrite(method);
            }
        }
        if (helperCalls == 0 && backEdges == 0) {
            return new Rewritten(classBytes, 0, 0);
        }
        ClassWriter writer = new FrameComputingWriter();
        try {
            node.accept(writer);
            return new Rewritten(writer.toByteArray(), helperCalls, backEdges);
        } catch (MethodTooLargeException | ClassTooLargeException e) {
            return new Rewritten(classBytes, 0, 0);
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
