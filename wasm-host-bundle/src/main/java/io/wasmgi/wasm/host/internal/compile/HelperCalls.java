package io.wasmgi.wasm.host.internal.compile;

import java.util.Map;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Replaces calls of Chicory's helpers that cost the compiled code a call the JIT cannot inline, or that the JIT
 * could miscompile, by calls of {@link CompiledOps}.
 *
 * <p>On Java 17 and older, Chicory sends every {@code i32.ge_u} and {@code memory.copy} of its compiled code
 * through an interface call it trains to be megamorphic ({@code MemCopyWorkaround}), so that C2 never inlines
 * them: C2 of some JDK 17 builds miscompiled {@code Integer.compareUnsigned} there (its {@code fold_compares}
 * folds two 32-bit compares into one unsigned compare where it must not: JDK-8346420, Chicory issue 843). That
 * call sat in the hottest loops (heapsort's and fnvmap's sift and probe loops exit on {@code i32.ge_u}) and
 * kept C2 from optimising around it. The other unsigned compares ({@code I32_LT_U}, {@code I32_LE_U},
 * {@code I32_GT_U}) Chicory leaves on {@code Integer.compareUnsigned}, which on JDK 17 is a pair of 32-bit
 * compares too. {@link CompiledOps} makes all four on 64-bit values, which that folding never touches, and
 * calls the memory's own {@code copy} directly.
 *
 * <p>Chicory's {@code i64.div_u} and {@code i64.rem_u} call {@code Long.divideUnsigned} and
 * {@code Long.remainderUnsigned}, which on JDK 17 are a shift, a signed division and a multiply-and-correct
 * (V8 emits one unsigned {@code div}); {@link CompiledOps} divides at once where neither operand has its top bit
 * set, as they mostly are. (The 32-bit ones, a 64-bit division in Java, measured as fast as V8's here.)
 *
 * <p>A call is replaced only where its owner, name and descriptor are exactly these; {@code HelperCallsTest}
 * fails if the embedded Chicory's compiler no longer emits them.
 */
final class HelperCalls {

    /** Chicory's class of the instructions' operations ({@code I32_NE}, {@code F64_CONVERT_I32_U}, ...). */
    static final String OPCODES = "com/dylibso/chicory/runtime/OpcodeImpl";

    static final String OURS = Type.getInternalName(CompiledOps.class);
    private static final String COMPARE = "(II)I";
    private static final String MEMORY_COPY = "(IIILcom/dylibso/chicory/runtime/Memory;)V";
    private static final String LONG_DIVISION = "(JJ)J";

    /** Chicory's unsigned compares in {@code OpcodeImpl}, by the name of ours. */
    private static final Map<String, String> UNSIGNED_COMPARES =
            Map.of("I32_LT_U", "i32LtU", "I32_LE_U", "i32LeU", "I32_GT_U", "i32GtU", "I32_GE_U", "i32GeU");

    /** Chicory's unsigned 64-bit divisions, by the name of ours. */
    private static final Map<String, String> UNSIGNED_LONG_DIVISIONS =
            Map.of("I64_DIV_U", "i64DivU", "I64_REM_U", "i64RemU");

    private HelperCalls() {}

    /** Rewrites the method's calls in place; returns how many. */
    static int rewrite(MethodNode method) {
        int rewritten = 0;
        for (AbstractInsnNode instruction : method.instructions) {
            if (instruction instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC) {
                String ours = replacement(call);
                if (ours != null) {
                    call.owner = OURS;
                    call.name = ours;
                    call.itf = false;
                    rewritten++;
                }
            }
        }
        return rewritten;
    }

    /** The name of the {@link CompiledOps} method that replaces {@code call}, or null. */
    private static String replacement(MethodInsnNode call) {
        if (call.owner.equals(OPCODES) && call.desc.equals(COMPARE)) {
            return UNSIGNED_COMPARES.get(call.name);
        }
        if (call.owner.equals(OPCODES) && call.desc.equals(LONG_DIVISION)) {
            return UNSIGNED_LONG_DIVISIONS.get(call.name);
        }
        if (call.owner.endsWith(BackEdgeChecks.SHADED_SUFFIX)) {
            if (call.name.equals("i32_ge_u") && call.desc.equals(COMPARE)) {
                return "i32GeU";
            }
            if (call.name.equals("memoryCopy") && call.desc.equals(MEMORY_COPY)) {
                return "memoryCopy";
            }
        }
        return null;
    }
}
