package io.wasmgi.wasm.host.internal.compile;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Makes the deadline check at the loop back-edges of Chicory's compiled code cheap enough for C2 to optimise the
 * loop around it.
 *
 * <p>Chicory's compiler calls {@code checkInterruption()} (a copy of its {@code Shaded} class, named
 * {@code <machine>Shaded}) before every backward jump: {@code invokestatic checkInterruption; goto L}. That reads
 * the thread's interrupt flag, a volatile read, on every iteration; its barrier makes C2 reload everything from
 * memory on every iteration (the linear memory's array above all) rather than keep it in registers.
 *
 * <p>This rewrites each such back-edge into a budget: each method gets an int local, {@link #BUDGET} at entry,
 * and the back-edge subtracts the loop body's length in bytecode instructions (an upper bound of what one
 * iteration ran since the loop's head, inner loops and calls being checked on their own). While budget is left,
 * the back-edge jumps straight to the loop's head {@code L}; when it runs out, the budget is refilled, the
 * interrupt flag read as before, and the jump goes to a new label just before {@code L}. The loop becomes two
 * nested loops: an inner one without the volatile read, which C2 can optimise as any Java loop, inside an outer
 * one that reads the flag once per {@link #BUDGET} instructions.
 *
 * <p>Anything else (a call's check, a {@code br_table}'s) is left as Chicory made it, and so is the back-edge of a
 * loop that holds one of those (it reads the flag on every iteration anyway) or reads no memory at all (nothing
 * to hoist: there the budget's counter costs more than the flag's read). Where the pattern is not
 * found nothing changes: calls stay correct, only slower; {@code BackEdgeChecksTest} fails if the
 * embedded Chicory's compiler no longer emits the pattern.
 */
final class BackEdgeChecks {

    /**
     * Bytecode instructions run between two looks at the interrupt flag. The worst case is an iteration as long
     * as a JVM method allows (64 KiB of code) in a method too large for the JIT: interpreted, a few ns per
     * instruction, so a few ms per budget. In a compiled tight loop it is one look every ~50 000 iterations.
     */
    static final int BUDGET = 1 << 20;

    private static final String CHECK_NAME = "checkInterruption";
    private static final String CHECK_DESCRIPTOR = "()V";
    /** How the name of Chicory's per-module helper class ({@code <machine>Shaded}) ends. */
    static final String SHADED_SUFFIX = "Shaded";

    private BackEdgeChecks() {}

    /** A back-edge check: the call, the backward jump after it, and how far back the jump goes. */
    private record BackEdge(MethodInsnNode check, JumpInsnNode jump, int span) {}

    /** Rewrites the method's back-edge checks in place; returns how many. */
    static int rewrite(MethodNode method) {
        InsnList instructions = method.instructions;
        IdentityHashMap<AbstractInsnNode, Integer> position = new IdentityHashMap<>();
        int index = 0;
        for (AbstractInsnNode instruction : instructions) {
            position.put(instruction, index++);
        }
        List<BackEdge> candidates = new ArrayList<>();
        List<Integer> otherChecks = new ArrayList<>(); // before calls and br_table: looks on every pass
        List<Integer> memoryReads = new ArrayList<>(); // what C2 could keep out of a loop
        for (AbstractInsnNode instruction : instructions) {
            if (readsMemory(instruction)) {
                memoryReads.add(position.get(instruction));
            }
            if (!isCheck(instruction)) {
                continue;
            }
            if (instruction.getNext() instanceof JumpInsnNode jump
                    && jump.getOpcode() == Opcodes.GOTO
                    && position.get(jump) > position.get(jump.label)) {
                int span = position.get(jump) - position.get(jump.label);
                candidates.add(new BackEdge((MethodInsnNode) instruction, jump, span));
            } else {
                otherChecks.add(position.get(instruction));
            }
        }
        // A loop that calls a function (or takes a br_table) reads the flag on every iteration all the same, and
        // C2 cannot keep loads across a call it does not inline; a loop that reads no memory (registers only)
        // has nothing to keep out of it. The budget would only cost there: a counter and a branch more per
        // iteration, measured at +40 % on a latency-bound 64-bit loop (collatz), where the flag's read is ~8 %.
        List<BackEdge> backEdges = new ArrayList<>();
        for (BackEdge candidate : candidates) {
            int head = position.get(candidate.jump().label);
            int end = position.get(candidate.jump());
            if (otherChecks.stream().noneMatch(p -> p > head && p < end)
                    && memoryReads.stream().anyMatch(p -> p > head && p < end)) {
                backEdges.add(candidate);
            }
        }
        if (backEdges.isEmpty()) {
            return 0;
        }
        int budget = method.maxLocals;
        method.maxLocals += 1;
        InsnList entry = new InsnList();
        entry.add(new LdcInsnNode(BUDGET));
        entry.add(new VarInsnNode(Opcodes.ISTORE, budget));
        instructions.insert(entry);

        IdentityHashMap<LabelNode, LabelNode> outerHeads = new IdentityHashMap<>();
        for (BackEdge backEdge : backEdges) {
            LabelNode head = backEdge.jump().label;
            LabelNode outerHead = outerHeads.computeIfAbsent(head, h -> {
                LabelNode outer = new LabelNode();
                instructions.insertBefore(h, outer);
                return outer;
            });
            InsnList spend = new InsnList();
            spend.add(new VarInsnNode(Opcodes.ILOAD, budget));
            spend.add(new LdcInsnNode(backEdge.span()));
            spend.add(new InsnNode(Opcodes.ISUB));
            spend.add(new InsnNode(Opcodes.DUP));
            spend.add(new VarInsnNode(Opcodes.ISTORE, budget));
            spend.add(new JumpInsnNode(Opcodes.IFGT, head)); // budget left: the inner loop, no volatile read
            spend.add(new LdcInsnNode(BUDGET));
            spend.add(new VarInsnNode(Opcodes.ISTORE, budget));
            instructions.insertBefore(backEdge.check(), spend);
            backEdge.jump().label = outerHead; // after the check: the outer loop
        }
        return backEdges.size();
    }

    /**
     * A read C2 could hoist were it not for the flag's barrier: a field (the memory's array, a global), a call of
     * one of the compiled code's helpers (memory, globals, tables: {@code <machine>Shaded}) or of a method of an
     * object (the memory's own).
     */
    private static boolean readsMemory(AbstractInsnNode instruction) {
        if (instruction instanceof FieldInsnNode) {
            return true;
        }
        if (instruction instanceof MethodInsnNode call) {
            return call.getOpcode() == Opcodes.INVOKEVIRTUAL
                    || call.getOpcode() == Opcodes.INVOKEINTERFACE
                    || (call.owner.endsWith(SHADED_SUFFIX) && !call.name.equals(CHECK_NAME));
        }
        return false;
    }

    private static boolean isCheck(AbstractInsnNode instruction) {
        return instruction instanceof MethodInsnNode call
                && call.getOpcode() == Opcodes.INVOKESTATIC
                && call.name.equals(CHECK_NAME)
                && call.desc.equals(CHECK_DESCRIPTOR)
                && call.owner.endsWith(SHADED_SUFFIX);
    }
}
