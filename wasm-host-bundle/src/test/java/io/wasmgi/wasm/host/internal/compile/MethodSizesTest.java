package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * HotSpot never compiles a method past 8000 bytes of bytecode: the host reads each method's size right, never
 * lets its own rewrite push a method past that size, and says so when a plugin's module has such methods.
 */
class MethodSizesTest {

    /** A class whose method {@code loop} is Chicory's back-edge pattern around {@code padding} bytes of nop. */
    private static byte[] loopClass(int... paddings) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "test/Loops", null, "java/lang/Object", null);
        writer.visitField(Opcodes.ACC_STATIC, "memory", "I", null, null);
        writer.visitField(Opcodes.ACC_STATIC, "wide", "J", null, 1L << 40); // a long in the constant pool
        for (int padding : paddings) {
            MethodVisitor method =
                    writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "loop" + padding, "(I)I", null, null);
            method.visitCode();
            Label head = new Label();
            Label end = new Label();
            method.visitLabel(head);
            method.visitFieldInsn(Opcodes.GETSTATIC, "test/Loops", "memory", "I"); // a memory read: rewritten
            method.visitInsn(Opcodes.POP);
            method.visitLdcInsn(2.5d);
            method.visitInsn(Opcodes.POP2);
            method.visitIincInsn(0, -1);
            method.visitVarInsn(Opcodes.ILOAD, 0);
            method.visitJumpInsn(Opcodes.IFLE, end);
            for (int i = 0; i < padding; i++) {
                method.visitInsn(Opcodes.NOP);
            }
            method.visitMethodInsn(Opcodes.INVOKESTATIC, "test/LoopsShaded", "checkInterruption", "()V", false);
            method.visitJumpInsn(Opcodes.GOTO, head);
            method.visitLabel(end);
            method.visitVarInsn(Opcodes.ILOAD, 0);
            method.visitInsn(Opcodes.IRETURN);
            method.visitMaxs(0, 0);
            method.visitEnd();
        }
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** The bytes of the loop around its padding, as {@link #loopClass} writes it. */
    private static final int LOOP_BYTES = 23;

    @Test
    void readsEachMethodsBytecodeLength() {
        Map<String, Integer> sizes = MethodSizes.of(loopClass(10, 7000));
        assertEquals(10 + LOOP_BYTES, sizes.get("loop10(I)I"));
        assertEquals(7000 + LOOP_BYTES, sizes.get("loop7000(I)I"));
    }

    @Test
    void theBackEdgeRewriteNeverPushesAMethodPastWhatTheJitCompiles() {
        int justUnder = MethodSizes.JIT_LIMIT - LOOP_BYTES - 4; // 7996 bytes: the budget's code would pass 8000
        CodeRewrite.Rewritten rewritten = CodeRewrite.rewrite(
                loopClass(10, justUnder),
                LateInlinedCalls.MAX_SITES_PER_MODULE,
                MethodSplitter.MAX_METHODS_PER_MODULE,
                IndirectCalls.Targets.ANY);
        Map<String, Integer> sizes = MethodSizes.of(rewritten.bytes());
        assertEquals(1, rewritten.backEdges(), "the small loop is rewritten, the large one is not");
        assertTrue(sizes.get("loop10(I)I") > 10 + LOOP_BYTES, "the small loop got its budget");
        assertEquals(justUnder + LOOP_BYTES, sizes.get("loop" + justUnder + "(I)I"), "the large loop is unchanged");
    }

    /** A class whose methods {@code reads<padding>} make {@link LateInlinedCalls#MIN_ACCESSES} loads each. */
    private static byte[] accessesClass(int... paddings) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "test/Reads", null, "java/lang/Object", null);
        for (int padding : paddings) {
            MethodVisitor method = writer.visitMethod(
                    Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC,
                    "reads" + padding,
                    "(Lcom/dylibso/chicory/runtime/Memory;)I",
                    null,
                    null);
            method.visitCode();
            for (int i = 0; i < LateInlinedCalls.MIN_ACCESSES; i++) {
                method.visitInsn(Opcodes.ICONST_0);
                method.visitInsn(Opcodes.ICONST_0);
                method.visitVarInsn(Opcodes.ALOAD, 0);
                method.visitMethodInsn(
                        Opcodes.INVOKESTATIC,
                        "test/ReadsShaded",
                        "memoryReadInt",
                        "(IILcom/dylibso/chicory/runtime/Memory;)I",
                        false);
                method.visitInsn(Opcodes.POP);
            }
            for (int i = 0; i < padding; i++) {
                method.visitInsn(Opcodes.NOP);
            }
            method.visitInsn(Opcodes.ICONST_0);
            method.visitInsn(Opcodes.IRETURN);
            method.visitMaxs(0, 0);
            method.visitEnd();
        }
        writer.visitEnd();
        return writer.toByteArray();
    }

    @Test
    void theCallSiteRewriteNeverPushesAMethodPastWhatTheJitCompiles() {
        int accessBytes = 7 * LateInlinedCalls.MIN_ACCESSES + 2; // 7 a load, then the return
        int justUnder = MethodSizes.JIT_LIMIT - accessBytes - 10; // each call site 2 bytes more: past 8000
        CodeRewrite.Rewritten rewritten = CodeRewrite.rewrite(
                accessesClass(10, justUnder),
                LateInlinedCalls.MAX_SITES_PER_MODULE,
                MethodSplitter.MAX_METHODS_PER_MODULE,
                IndirectCalls.Targets.ANY);
        Map<String, Integer> sizes = MethodSizes.of(rewritten.bytes());
        assertEquals(LateInlinedCalls.MIN_ACCESSES, rewritten.lateInlined(), "the small method only");
        assertEquals(
                10 + accessBytes + 2 * LateInlinedCalls.MIN_ACCESSES,
                sizes.get("reads10(Lcom/dylibso/chicory/runtime/Memory;)I"));
        assertEquals(
                justUnder + accessBytes, sizes.get("reads" + justUnder + "(Lcom/dylibso/chicory/runtime/Memory;)I"));
    }

    @Test
    void aFunctionTooLargeForTheJitIsSplitAndNothingIsSaid(@TempDir Path cache) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            body.append("(local.set 0 (i32.add (local.get 0) (i32.const ")
                    .append(i)
                    .append(")))\n");
        }
        long sum = (long) 2500 * 2499 / 2;
        List<String> console = compileAndCall(cache, body + "(local.get 0)", (int) (3 + sum));
        assertEquals(List.of(), console);
    }

    @Test
    void aFunctionTooLargeForTheJitThatCannotBeSplitIsCompiledAndSaidSo(@TempDir Path cache) throws Exception {
        // one br_table of 2,100 targets: a single JVM instruction of 8,400 bytes, which no part can hold
        String table = "block block local.get 0 br_table " + "0 ".repeat(2100) + "1 end"
                + " local.get 0 i32.const 1000 i32.add local.set 0 end local.get 0";
        List<String> console = compileAndCall(cache, table, 1003);
        assertEquals(1, console.size(), String.valueOf(console));
        assertTrue(
                console.get(0).startsWith("big: 1 of its compiled methods are larger than the JVM compiles"),
                console.get(0));
    }

    /** Compiles {@code big(x) = body} as the host does, checks {@code big(3)}; returns what the host said. */
    private static List<String> compileAndCall(Path cache, String body, int expected) throws Exception {
        WasmModule module =
                Parser.parse(Wat2Wasm.parse("(module (func (export \"big\") (param i32) (result i32) " + body + "))"));
        List<String> console = new ArrayList<>();
        CompletableFuture<Function<Instance, Machine>> compiled = new CompletableFuture<>();
        try (ModuleCompiler compiler = new ModuleCompiler(new CompiledModuleCache(cache, "test"), console::add)) {
            compiler.compileLater(module, new Target(compiled), "big", factory -> {});
            Function<Instance, Machine> factory = compiled.get(60, TimeUnit.SECONDS);
            Instance instance =
                    Instance.builder(module).withMachineFactory(factory).build();
            assertEquals(expected, (int) instance.export("big").apply(3)[0]);
        }
        return console;
    }

    private record Target(CompletableFuture<Function<Instance, Machine>> compiled) implements CompilationTarget {
        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void useCompiled(Function<Instance, Machine> factory, String engine) {
            compiled.complete(factory);
        }

        @Override
        public void compilationFailed(String reason) {
            compiled.completeExceptionally(new AssertionError(reason));
        }
    }
}
