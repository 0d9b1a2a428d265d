package io.wasmgi.wasm.host.internal.compile;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Turns an i32 {@code select} that picks the smaller or the larger of the two values its compare compares into
 * a minimum or maximum the JIT makes without a branch.
 *
 * <p>Chicory compiles {@code select} into a branch ({@code ifne L; swap; L: pop}). Where the choice depends on
 * the data (a clamp, a running minimum over random input, a dynamic programme's {@code min}) the CPU mispredicts
 * it about every other time; V8 makes a conditional move of it. C2 of JDK 17 makes a conditional move only where
 * the branch's profile lies within a narrow band, but it always makes one of {@code Math.min} and
 * {@code Math.max}. So {@code a b a b i32.lt_s select} (what clang emits for {@code a < b ? a : b}) becomes
 * {@code a b Math.min}, and its seven variants (the compare's operands swapped, {@code le}, {@code gt},
 * {@code ge}, unsigned) the matching minimum or maximum ({@link CompiledOps#i32MinU} for unsigned ones).
 *
 * <p>The rewrite only takes values it can prove equal without a data-flow analysis: each of the four is a local's
 * load or a constant, the first may also be a value just stored into a local ({@code local.tee}), nothing between
 * them is a jump target, and the select's own label is the target of its branch alone. Anything else stays a
 * branch: correct, as fast as before. {@code MinMaxSelectsTest} fails if the embedded Chicory's compiler no
 * longer emits selects this way.
 */
final class MinMaxSelects {

    private static final String OPCODES = HelperCalls.OPCODES;
    private static final String COMPARE = "(II)I";
    private static final String MIN_MAX = "(II)I";
    private static final String MATH = "java/lang/Math";

    /** Compares by name (Chicory's, and ours once {@link HelperCalls} replaced the unsigned ones). */
    private static final Map<String, Order> COMPARES = Map.ofEntries(
            Map.entry("I32_LT_S", Order.LESS_SIGNED),
            Map.entry("I32_LE_S", Order.LESS_SIGNED),
            Map.entry("I32_GT_S", Order.GREATER_SIGNED),
            Map.entry("I32_GE_S", Order.GREATER_SIGNED),
            Map.entry("I32_LT_U", Order.LESS_UNSIGNED),
            Map.entry("I32_LE_U", Order.LESS_UNSIGNED),
            Map.entry("I32_GT_U", Order.GREATER_UNSIGNED),
            Map.entry("I32_GE_U", Order.GREATER_UNSIGNED),
            Map.entry("i32LtU", Order.LESS_UNSIGNED),
            Map.entry("i32LeU", Order.LESS_UNSIGNED),
            Map.entry("i32GtU", Order.GREATER_UNSIGNED),
            Map.entry("i32GeU", Order.GREATER_UNSIGNED));

    /**
     * What a compare's true answer says of its first operand. Strict or not makes no difference: where the two
     * values are equal, either is the answer.
     */
    private enum Order {
        LESS_SIGNED(true, false),
        GREATER_SIGNED(false, false),
        LESS_UNSIGNED(true, true),
        GREATER_UNSIGNED(false, true);

        final boolean less;
        final boolean unsigned;

        Order(boolean less, boolean unsigned) {
            this.less = less;
            this.unsigned = unsigned;
        }
    }

    private MinMaxSelects() {}

    /** Rewrites the method's min/max selects in place; returns how many. */
    static int rewrite(MethodNode method) {
        Set<LabelNode> shared = labelsJumpedToTwiceOrMore(method);
        int rewritten = 0;
        for (AbstractInsnNode instruction : method.instructions.toArray()) {
            if (instruction instanceof JumpInsnNode branch
                    && branch.getOpcode() == Opcodes.IFNE
                    && !shared.contains(branch.label)
                    && rewrite(method, branch)) {
                rewritten++;
            }
        }
        return rewritten;
    }

    /** {@code a b c d compare ifne L swap L: pop}, rewritten if it is a min or max. */
    private static boolean rewrite(MethodNode method, JumpInsnNode branch) {
        AbstractInsnNode swap = branch.getNext();
        if (swap == null || swap.getOpcode() != Opcodes.SWAP || swap.getNext() != branch.label) {
            return false;
        }
        AbstractInsnNode pop = branch.label.getNext();
        Order order = compare(previous(branch));
        if (pop == null || pop.getOpcode() != Opcodes.POP || order == null) {
            return false;
        }
        AbstractInsnNode compare = previous(branch);
        AbstractInsnNode right = previous(compare);
        AbstractInsnNode left = previous(right);
        AbstractInsnNode second = previous(left);
        AbstractInsnNode first = previous(second);
        String l = value(left);
        String r = value(right);
        String s = value(second);
        String f = first == null ? null : firstValue(first);
        if (l == null || r == null || s == null || f == null) {
            return false;
        }
        boolean min;
        if (f.equals(l) && s.equals(r)) {
            min = order.less; // first < second ? first : second
        } else if (f.equals(r) && s.equals(l)) {
            min = !order.less; // second < first ? first : second
        } else {
            return false;
        }
        for (AbstractInsnNode gone : new AbstractInsnNode[] {left, right, compare, branch, swap, pop}) {
            method.instructions.remove(gone);
        }
        method.instructions.insert(second, minMax(min, order.unsigned));
        return true;
    }

    private static MethodInsnNode minMax(boolean min, boolean unsigned) {
        if (unsigned) {
            String ours = Type.getInternalName(CompiledOps.class);
            return new MethodInsnNode(Opcodes.INVOKESTATIC, ours, min ? "i32MinU" : "i32MaxU", MIN_MAX, false);
        }
        return new MethodInsnNode(Opcodes.INVOKESTATIC, MATH, min ? "min" : "max", MIN_MAX, false);
    }

    private static Order compare(AbstractInsnNode instruction) {
        if (instruction instanceof MethodInsnNode call
                && call.getOpcode() == Opcodes.INVOKESTATIC
                && call.desc.equals(COMPARE)
                && (call.owner.equals(OPCODES) || call.owner.equals(HelperCalls.OURS))) {
            return COMPARES.get(call.name);
        }
        return null;
    }

    /** What a local's load or a constant pushes, as a key equal for equal values; null for anything else. */
    private static String value(AbstractInsnNode instruction) {
        if (instruction == null) {
            return null;
        }
        int opcode = instruction.getOpcode();
        if (opcode == Opcodes.ILOAD) {
            return "local " + ((VarInsnNode) instruction).var;
        }
        if (opcode >= Opcodes.ICONST_M1 && opcode <= Opcodes.ICONST_5) {
            return "int " + (opcode - Opcodes.ICONST_0);
        }
        if (opcode == Opcodes.BIPUSH || opcode == Opcodes.SIPUSH) {
            return "int " + ((IntInsnNode) instruction).operand;
        }
        if (instruction instanceof LdcInsnNode ldc && ldc.cst instanceof Integer constant) {
            return "int " + constant;
        }
        return null;
    }

    /** As {@link #value}, and also {@code dup; istore n} ({@code local.tee}): the value left is local n's. */
    private static String firstValue(AbstractInsnNode instruction) {
        if (instruction.getOpcode() == Opcodes.ISTORE
                && previous(instruction) != null
                && previous(instruction).getOpcode() == Opcodes.DUP) {
            return "local " + ((VarInsnNode) instruction).var;
        }
        return value(instruction);
    }

    /** The instruction before, skipping line numbers and frames; null at a label (a jump may land there). */
    private static AbstractInsnNode previous(AbstractInsnNode instruction) {
        AbstractInsnNode before = instruction == null ? null : instruction.getPrevious();
        while (before instanceof LineNumberNode || before instanceof FrameNode) {
            before = before.getPrevious();
        }
        return before instanceof LabelNode ? null : before;
    }

    /** Labels that more than one jump, switch or exception handler refers to. */
    private static Set<LabelNode> labelsJumpedToTwiceOrMore(MethodNode method) {
        Set<LabelNode> once = new HashSet<>();
        Set<LabelNode> more = new HashSet<>();
        for (AbstractInsnNode instruction : method.instructions) {
            for (LabelNode label : JumpTargets.of(instruction)) {
                if (!once.add(label)) {
                    more.add(label);
                }
            }
        }
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            for (LabelNode label : new LabelNode[] {block.start, block.end, block.handler}) {
                more.add(label); // an exception may land there, or a range start or end: never rewritten
            }
        }
        return more;
    }
}
