package io.wasmgi.wasm.host.internal.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Lets C2 inline every memory access of a large compiled function, not only the first few dozen.
 *
 * <p>C2 stops inlining into a method once its parse has made 18,000 nodes ({@code NodeCountInliningCutoff}, a
 * flag product JVMs cannot change), and it counts every node made, even those folded away at once. A memory
 * access of compiled code ({@code <machine>Shaded.memoryReadDouble} and its kin, then the memory's bounds check
 * and a {@code VarHandle}) makes about 270 of them, though a handful remain; a function with 70 accesses or more
 * spends the budget, and every access past it stays a real call, which spills every floating-point register
 * around it (nbody's step: 45 of its 95 accesses were calls). C2 does not refuse a call made from a method
 * handle's compiled form past the budget: it inlines it after the parse, against a budget of live nodes (40,000,
 * {@code LiveNodeCountInliningCutoff}), which such an access barely touches.
 *
 * <p>So in a method with at least {@link #MIN_ACCESSES} accesses each access, and each call of the small
 * operations of {@code OpcodeImpl} and {@link CompiledOps}, becomes an {@code invokedynamic} of the same
 * descriptor, bound for good to the same helper ({@link CompiledCallSites}): the same code once inlined, the same
 * stack before and after. Smaller methods keep their static calls, which C2 inlines anyway and which cost less
 * before the JIT compiles them. Each rewritten call grows the method by 2 bytes (5 for 3); {@link CodeRewrite}
 * keeps a method that would grow past what HotSpot compiles as it was.
 */
final class LateInlinedCalls {

    /** Memory accesses from which a method's are rewritten: past about half the parse budget. */
    static final int MIN_ACCESSES = 32;

    /**
     * Call sites made in one module at most. Each site the code reaches keeps a call site and the JVM's entry
     * for it, where a static call keeps nothing: 93 bytes of heap and metaspace a site, measured over 20,000
     * sites reached once (so at most 3 MB a module); a 16 MiB module of nothing but accesses would otherwise hold
     * hundreds of MB once run through. Methods past the budget keep their static calls.
     */
    static final int MAX_SITES_PER_MODULE = 1 << 15;

    private static final String MEMORY = "Lcom/dylibso/chicory/runtime/Memory;";

    /** Chicory's helpers for the plain loads and stores: name and descriptor. */
    private static final Map<String, String> ACCESSES = Map.ofEntries(
            Map.entry("memoryReadByte", "(II" + MEMORY + ")B"),
            Map.entry("memoryReadShort", "(II" + MEMORY + ")S"),
            Map.entry("memoryReadInt", "(II" + MEMORY + ")I"),
            Map.entry("memoryReadLong", "(II" + MEMORY + ")J"),
            Map.entry("memoryReadFloat", "(II" + MEMORY + ")F"),
            Map.entry("memoryReadDouble", "(II" + MEMORY + ")D"),
            Map.entry("memoryWriteByte", "(IBI" + MEMORY + ")V"),
            Map.entry("memoryWriteShort", "(ISI" + MEMORY + ")V"),
            Map.entry("memoryWriteInt", "(III" + MEMORY + ")V"),
            Map.entry("memoryWriteLong", "(IJI" + MEMORY + ")V"),
            Map.entry("memoryWriteFloat", "(IFI" + MEMORY + ")V"),
            Map.entry("memoryWriteDouble", "(IDI" + MEMORY + ")V"));

    private static final Handle BOOTSTRAP = new Handle(
            Opcodes.H_INVOKESTATIC,
            Type.getInternalName(CompiledCallSites.class),
            "constant",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/invoke/MethodHandle;)Ljava/lang/invoke/CallSite;",
            false);

    private LateInlinedCalls() {}

    /**
     * Rewrites the method's helper calls in place if it has enough memory accesses and they fit in
     * {@code budget} call sites; returns how many. Once past C2's parse budget every call would be refused, the
     * tiny operations of {@code OpcodeImpl} and {@link CompiledOps} too ({@code I32_NE} in nbody's loop exit): in
     * such a method they go the same way.
     */
    static int rewrite(MethodNode method, int budget) {
        List<MethodInsnNode> helpers = new ArrayList<>();
        int accesses = 0;
        for (AbstractInsnNode instruction : method.instructions) {
            if (instruction instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC) {
                if (isAccess(call)) {
                    accesses++;
                    helpers.add(call);
                } else if (isOperation(call)) {
                    helpers.add(call);
                }
            }
        }
        if (accesses < MIN_ACCESSES || helpers.size() > budget) {
            return 0;
        }
        for (MethodInsnNode call : helpers) {
            Handle helper = new Handle(Opcodes.H_INVOKESTATIC, call.owner, call.name, call.desc, call.itf);
            method.instructions.set(call, new InvokeDynamicInsnNode(call.name, call.desc, BOOTSTRAP, helper));
        }
        return helpers.size();
    }

    private static boolean isOperation(MethodInsnNode call) {
        return call.owner.equals(HelperCalls.OPCODES) || call.owner.equals(HelperCalls.OURS);
    }

    private static boolean isAccess(MethodInsnNode call) {
        return call.owner.endsWith(BackEdgeChecks.SHADED_SUFFIX) && call.desc.equals(ACCESSES.get(call.name));
    }
}
