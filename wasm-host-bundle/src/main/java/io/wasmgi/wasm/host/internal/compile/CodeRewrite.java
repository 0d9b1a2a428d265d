package io.wasmgi.wasm.host.internal.compile;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What the host changes in each class Chicory's compiler generates, before it is defined or cached: calls of some
 * of Chicory's helpers ({@link HelperCalls}) and the back-edge checks ({@link BackEdgeChecks}). A class whose
 * added instructions would not fit (a method past 64 KiB) stays as Chicory made it: correct, only slower.
 */
final class CodeRewrite {

    private CodeRewrite() {}

    /** A class's bytes after the rewrite, and what was rewritten (nothing: the bytes unchanged). */
    @SuppressWarnings("ArrayRecordComponent") // handed on to the class loader, never compared
    record Rewritten(byte[] bytes, int helperCalls, int backEdges) {}

    static Rewritten rewrite(byte[] classBytes) {
        ClassNode node = new ClassNode();
        new ClassReader(classBytes).accept(node, ClassReader.SKIP_FRAMES);
        int helperCalls = 0;
        int backEdges = 0;
        for (MethodNode method : node.methods) {
            helperCalls += HelperCalls.rewrite(method);
            backEdges += BackEdgeChecks.rewrite(method);
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
