package io.wasmgi.wasm.host.internal.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Splits a compiled method too large for the JIT into parts it compiles.
 *
 * <p>HotSpot never compiles a method past {@link MethodSizes#JIT_LIMIT} bytes of bytecode (product JVMs cannot
 * lift that without a start-up flag): such a wasm function, a hash or cipher with its rounds unrolled, a large
 * {@code switch}, a function many others were inlined into, runs in the JVM's bytecode interpreter, 50-100 times
 * slower than compiled. This moves stretches of such a method into methods of their own in the same class, each
 * under {@link #PART_LIMIT}, until what is left is under the limit too.
 *
 * <p>A stretch is moved only when it is closed: every jump in it lands in it and every label in it is jumped to
 * from it alone, it does not return, the method has no exception handlers, and it leaves the operand stack below
 * it as it found it (clang keeps values on the wasm stack across long stretches: a store's address pushed before
 * the hundreds of instructions that compute its value), with at most one value of its own on top, the part's
 * result. Its locals are handed over: those it reads or writes that hold a value where it starts go in as
 * arguments (one written only on some paths must keep its value on the others), those it writes that hold a
 * value where it ends come back, as the part's result when there is one, else through a {@code long[]} the
 * method allocates once when it starts. A local holding a reference goes in only if it is one of the method's
 * parameters and never written (the memory, the instance) or that array, and never comes back; a stretch that
 * would need more, or more than a JVM method's 255 argument slots, stays. The parts run the same instructions,
 * the deadline's checks among them.
 *
 * <p>Every step is bounded for hostile modules: methods split per module, the analyses' size, the search's steps,
 * the passes, the instructions recorded as a value's makers.
 */
final class MethodSplitter {

    /**
     * Methods split in one module at most: each costs up to about a second of the compiler's thread (sha2x's
     * 20 KB method 0.4-0.6 s). Past it, a module's other large methods stay interpreted (the host says so).
     */
    static final int MAX_METHODS_PER_MODULE = 32;

    /** The most bytes of bytecode moved into one part: small enough for C2 to compile in well under a second. */
    static final int PART_LIMIT = 2500;
    /** The fewest bytes worth a part: less would cost more in handing locals over than it saves. */
    private static final int PART_MINIMUM = 200;
    /** Where to stop splitting: the rest, with the parts' calls, under the JIT's limit with room to spare. */
    private static final int TARGET = MethodSizes.JIT_LIMIT - 1000;

    private static final Type LONGS = Type.getType(long[].class);
    /**
     * Passes over one method at most. Each moves stretches until the estimate says the rest fits; the calls that
     * replace them cost more than estimated where many locals are handed over, and a later pass moves those calls
     * too, inside larger stretches.
     */
    private static final int MAX_PASSES = 16;
    /** A JVM method's arguments take 255 slots at most (longs and doubles two). */
    private static final int MAX_ARGUMENT_SLOTS = 255;
    /** Locals and stack slots of all the frames of the method's analyses at most (two analyses, 4-8 bytes each). */
    private static final long MAX_FRAME_SLOTS = 4_000_000;
    /** Instructions looked at in search of stretches and planning their moves at most: a second or so. */
    private static final long MAX_STEPS = 50_000_000;

    private MethodSplitter() {}

    /**
     * Splits the methods of {@code owner} named in {@code candidates} ({@link MethodSizes#key}) that are past the
     * JIT's limit; returns how many parts were made.
     */
    static int split(ClassNode owner, Set<String> candidates) {
        int parts = 0;
        for (MethodNode method : List.copyOf(owner.methods)) {
            if (candidates.contains(MethodSizes.key(method.name, method.desc))
                    && (method.access & Opcodes.ACC_STATIC) != 0
                    && (method.tryCatchBlocks == null || method.tryCatchBlocks.isEmpty())) {
                Split split = new Split(owner, method);
                int size = MethodSizes.of(method);
                for (int pass = 0; pass < MAX_PASSES && size > MethodSizes.JIT_LIMIT; pass++) {
                    int made = split.run(size); // a pass may leave the method too large: its calls cost bytes too
                    parts += made;
                    int before = size;
                    size = MethodSizes.of(method);
                    if (made == 0 || size > before - before / 20) {
                        break; // less than 5 % smaller: the calls hand over about as much as they replace
                    }
                }
            }
        }
        return parts;
    }

    /**
     * A stretch {@code code[start..end]} to move, the locals it takes and gives back (slot to type) and the type of
     * the value it leaves on the stack (null if none).
     */
    private record Move(int start, int end, TreeMap<Integer, Type> inputs, TreeMap<Integer, Type> outputs, Type onTop) {

        /** Whether the locals come back through the method's {@code long[]}, not as the part's result. */
        boolean viaScratch() {
            return outputs.size() > 1 || (onTop != null && !outputs.isEmpty());
        }

        /** The bytes of the call that replaces the stretch (the scratch array's loads counted as wide). */
        int callBytes() {
            int bytes = 3 + (viaScratch() ? 4 : 0);
            for (int local : inputs.keySet()) {
                bytes += localBytes(local);
            }
            for (int local : outputs.keySet()) {
                bytes += localBytes(local) + (viaScratch() ? 4 + 3 + 1 + 1 : 0);
            }
            return bytes;
        }
    }

    /**
     * ASM's analysis of which instructions made each value, with at most {@link #MOST} instructions a value: past
     * that a value is "made by many" ({@link #MANY}), which no stretch keeps. Unbounded, a local set in thousands
     * of places and merged at thousands of jumps would cost time and memory in their product.
     */
    private static final class BoundedSources extends SourceInterpreter {
        static final AbstractInsnNode MANY = new InsnNode(Opcodes.NOP); // in no method
        private static final int MOST = 16;

        BoundedSources() {
            super(Opcodes.ASM9);
        }

        @Override
        public SourceValue merge(SourceValue value1, SourceValue value2) {
            if (value1.insns.contains(MANY)) {
                return value1;
            }
            if (value2.insns.contains(MANY)) {
                return new SourceValue(Math.min(value1.size, value2.size), MANY);
            }
            SourceValue merged = super.merge(value1, value2);
            return merged.insns.size() > MOST ? new SourceValue(merged.size, MANY) : merged;
        }
    }

    /** The bytes of a load or store of {@code local}. */
    private static int localBytes(int local) {
        return local < 4 ? 1 : local < 256 ? 2 : 4;
    }

    /** The splitting of one method. */
    private static final class Split {
        private final ClassNode owner;
        private final MethodNode method;
        private final List<MethodNode> parts = new ArrayList<>(); // made by this pass
        private int partsMade; // by every pass
        private AbstractInsnNode[] code;
        private Frame<BasicValue>[] frames;
        private Frame<SourceValue>[] sources; // which instructions made each value
        private final Map<AbstractInsnNode, Integer> index = new HashMap<>();
        private final Map<LabelNode, int[]> jumpsTo = new HashMap<>(); // a label's first and last jump's index
        private final Map<Integer, Type> parameters = new HashMap<>(); // slot -> type, of those never written
        private int scratch = -1; // the long[] local, once made
        private IntInsnNode scratchLength; // the length the method allocates it with
        private int nextSlot; // the next free slot of the part being made
        private long steps; // instructions looked at in search of stretches, by every pass

        Split(ClassNode owner, MethodNode method) {
            this.owner = owner;
            this.method = method;
        }

        /** One pass over the method, {@code size} bytes now; returns how many parts it made. */
        int run(int size) {
            if (!analyze()) {
                return 0;
            }
            int left = size;
            List<Move> moves = new ArrayList<>();
            int start = 0;
            while (start < code.length && left > TARGET && steps <= MAX_STEPS) {
                Move move = null;
                for (int limit = PART_LIMIT; move == null && limit >= PART_MINIMUM; limit /= 2) {
                    int end = closedEnd(start, limit); // a shorter stretch may take fewer locals
                    move = end < 0 ? null : plan(start, end);
                }
                if (move == null || move.callBytes() >= size(code, start, move.end())) {
                    start++;
                    continue;
                }
                moves.add(move);
                left -= size(code, start, move.end()) - move.callBytes();
                start = move.end() + 1;
            }
            if (moves.isEmpty()) {
                return 0;
            }
            parts.clear();
            moves.forEach(this::move);
            method.localVariables = null;
            owner.methods.addAll(parts);
            return parts.size();
        }

        @SuppressWarnings("unchecked")
        private boolean analyze() {
            index.clear();
            jumpsTo.clear();
            parameters.clear();
            method.maxLocals = Math.max(method.maxLocals, highestLocal(method) + 1);
            method.maxStack += 4;
            if ((long) method.instructions.size() * (method.maxLocals + method.maxStack) > MAX_FRAME_SLOTS) {
                return false; // the analyses' frames would take hundreds of MB: it stays as it is, and is said to
            }
            try {
                frames = new Analyzer<>(new BasicInterpreter()).analyze(owner.name, method);
                sources = new Analyzer<>(new BoundedSources()).analyze(owner.name, method);
            } catch (AnalyzerException e) {
                return false;
            }
            code = method.instructions.toArray();
            for (int i = 0; i < code.length; i++) {
                index.put(code[i], i);
            }
            for (int i = 0; i < code.length; i++) {
                for (LabelNode target : JumpTargets.of(code[i])) {
                    int[] range = jumpsTo.computeIfAbsent(target, t -> new int[] {Integer.MAX_VALUE, -1});
                    range[0] = Math.min(range[0], i);
                    range[1] = Math.max(range[1], i);
                }
            }
            Type[] arguments = Type.getArgumentTypes(method.desc);
            int slot = 0;
            for (Type argument : arguments) {
                parameters.put(slot, argument);
                slot += argument.getSize();
            }
            for (AbstractInsnNode instruction : code) {
                if (instruction instanceof VarInsnNode variable && isStore(variable.getOpcode())) {
                    parameters.remove(variable.var);
                } else if (instruction instanceof IincInsnNode increment) {
                    parameters.remove(increment.var);
                }
            }
            if (scratch >= 0) {
                parameters.put(scratch, LONGS); // set once where the method starts: later passes move its calls too
            }
            return true;
        }

        /** The last index of the largest closed stretch from {@code start} of at most {@code limit} bytes; -1 if none. */
        private int closedEnd(int start, int limit) {
            if (frames[start] == null) {
                return -1;
            }
            int size = 0;
            int mustReach = start;
            int best = -1;
            for (int end = start; end < code.length; end++) {
                AbstractInsnNode instruction = code[end];
                size += size(instruction);
                if (size > limit || leavesTheMethod(instruction) || ++steps > MAX_STEPS) {
                    break;
                }
                for (LabelNode target : JumpTargets.of(instruction)) {
                    int at = index.get(target);
                    if (at < start) {
                        return best;
                    }
                    mustReach = Math.max(mustReach, at);
                }
                if (instruction instanceof LabelNode label && jumpsTo.containsKey(label)) {
                    int[] from = jumpsTo.get(label);
                    if (from[0] < start) {
                        return best;
                    }
                    mustReach = Math.max(mustReach, from[1]);
                }
                if (end >= mustReach && size >= PART_MINIMUM && end + 1 < code.length && stackKept(start, end + 1)) {
                    best = end;
                }
            }
            return best;
        }

        /**
         * Whether the stretch from {@code start} to just before {@code after} leaves the operand stack below it as
         * it found it (each value made by the same instructions: a value it popped and pushed again would be its
         * own), with at most one value of its own on top, not a reference.
         */
        private boolean stackKept(int start, int after) {
            if (frames[after] == null) {
                return false;
            }
            int below = sources[start].getStackSize();
            int left = sources[after].getStackSize();
            if (left != below && left != below + 1) {
                return false;
            }
            for (int i = 0; i < below; i++) {
                Set<AbstractInsnNode> made = sources[after].getStack(i).insns;
                if (made.contains(BoundedSources.MANY) || !made.equals(sources[start].getStack(i).insns)) {
                    return false;
                }
                for (AbstractInsnNode maker : made) { // a loop inside could bring its own back to the start
                    int at = index.get(maker);
                    if (at >= start && at < after) {
                        return false;
                    }
                }
            }
            return left == below || !frames[after].getStack(below).isReference();
        }

        /** The move of code[start..end] into a part, or null if a local cannot be handed over. */
        private Move plan(int start, int end) {
            steps += end - start + 1;
            TreeSet<Integer> used = new TreeSet<>();
            TreeSet<Integer> written = new TreeSet<>();
            for (int i = start; i <= end; i++) {
                if (code[i] instanceof VarInsnNode variable) {
                    used.add(variable.var);
                    if (isStore(variable.getOpcode())) {
                        written.add(variable.var);
                    }
                } else if (code[i] instanceof IincInsnNode increment) {
                    used.add(increment.var);
                    written.add(increment.var);
                }
            }
            TreeMap<Integer, Type> inputs = new TreeMap<>();
            for (int local : used) {
                BasicValue value = frames[start].getLocal(local);
                if (value == null
                        || value == BasicValue.UNINITIALIZED_VALUE
                        || value == BasicValue.RETURNADDRESS_VALUE) {
                    continue; // set in the stretch before it is read
                }
                Type type = value.isReference() ? parameters.get(local) : value.getType();
                if (type == null) {
                    return null; // a reference that is not one of the method's unchanging parameters
                }
                inputs.put(local, type);
            }
            if (inputs.values().stream().mapToInt(Type::getSize).sum() + 1 > MAX_ARGUMENT_SLOTS) {
                return null; // more than a JVM method takes
            }
            for (int i = start; i <= end; i++) {
                if (code[i] instanceof VarInsnNode variable
                        && inputs.containsKey(variable.var)
                        && inputs.get(variable.var).getSize() != sizeOf(variable.getOpcode())) {
                    return null; // the slot holds a value of another size in the stretch: it would not fit
                }
            }
            TreeMap<Integer, Type> outputs = new TreeMap<>();
            for (int local : written) {
                BasicValue after = frames[end + 1].getLocal(local);
                if (after == null || after == BasicValue.UNINITIALIZED_VALUE) {
                    continue; // dead where the stretch ends
                }
                if (after.isReference()) {
                    return null;
                }
                outputs.put(local, after.getType());
            }
            if (outputs.size() > Short.MAX_VALUE) {
                return null; // the long[]'s length and indexes are pushed as shorts
            }
            Frame<BasicValue> after = frames[end + 1];
            Type onTop = after.getStackSize() > frames[start].getStackSize()
                    ? after.getStack(after.getStackSize() - 1).getType()
                    : null;
            return new Move(start, end, inputs, outputs, onTop);
        }

        private void move(Move move) {
            int start = move.start();
            int end = move.end();
            TreeMap<Integer, Type> inputs = move.inputs();
            TreeMap<Integer, Type> outputs = move.outputs();
            Type onTop = move.onTop();
            boolean viaScratch = move.viaScratch();
            if (viaScratch && scratch < 0) {
                scratch = method.maxLocals;
                method.maxLocals += 1;
                scratchLength = new IntInsnNode(Opcodes.SIPUSH, 0);
                InsnList allocate = new InsnList();
                allocate.add(scratchLength);
                allocate.add(new IntInsnNode(Opcodes.NEWARRAY, Opcodes.T_LONG));
                allocate.add(new VarInsnNode(Opcodes.ASTORE, scratch));
                method.instructions.insert(allocate);
            }
            if (viaScratch) {
                scratchLength.operand = Math.max(scratchLength.operand, outputs.size());
            }
            List<Type> arguments = new ArrayList<>(inputs.values());
            if (viaScratch) {
                arguments.add(LONGS);
            }
            Type result = onTop != null
                    ? onTop
                    : outputs.size() == 1 ? outputs.firstEntry().getValue() : Type.VOID_TYPE;
            String name = method.name + "$part" + partsMade++;
            String descriptor = Type.getMethodDescriptor(result, arguments.toArray(Type[]::new));
            MethodNode part = new MethodNode(
                    Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, name, descriptor, null, null);

            Map<Integer, Integer> slots = new HashMap<>();
            int next = 0;
            for (Map.Entry<Integer, Type> input : inputs.entrySet()) {
                slots.put(input.getKey(), next);
                next += input.getValue().getSize();
            }
            int partScratch = viaScratch ? next++ : -1;
            nextSlot = next;
            Map<LabelNode, LabelNode> labels = new HashMap<>();
            for (int i = start; i <= end; i++) {
                if (code[i] instanceof LabelNode label) {
                    labels.put(label, new LabelNode());
                }
            }
            for (int i = start; i <= end; i++) {
                AbstractInsnNode instruction = code[i];
                if (instruction instanceof LineNumberNode || instruction instanceof FrameNode) {
                    continue;
                }
                AbstractInsnNode copy = instruction.clone(labels);
                if (copy instanceof VarInsnNode variable) {
                    variable.var = slots.computeIfAbsent(variable.var, local -> newSlot(slots));
                } else if (copy instanceof IincInsnNode increment) {
                    increment.var = slots.computeIfAbsent(increment.var, local -> newSlot(slots));
                }
                part.instructions.add(copy);
            }
            int index = 0;
            for (Map.Entry<Integer, Type> output : outputs.entrySet()) {
                Type type = output.getValue();
                int slot = slots.get(output.getKey());
                if (!viaScratch) {
                    part.instructions.add(new VarInsnNode(type.getOpcode(Opcodes.ILOAD), slot));
                    part.instructions.add(new InsnNode(type.getOpcode(Opcodes.IRETURN)));
                    break;
                }
                part.instructions.add(new VarInsnNode(Opcodes.ALOAD, partScratch));
                part.instructions.add(new IntInsnNode(Opcodes.SIPUSH, index++));
                part.instructions.add(new VarInsnNode(type.getOpcode(Opcodes.ILOAD), slot));
                toLong(part.instructions, type);
                part.instructions.add(new InsnNode(Opcodes.LASTORE));
            }
            if (viaScratch || outputs.isEmpty()) {
                part.instructions.add(new InsnNode(result.getOpcode(Opcodes.IRETURN)));
            }
            part.maxLocals = nextSlot;
            parts.add(part);

            InsnList call = new InsnList();
            for (Map.Entry<Integer, Type> input : inputs.entrySet()) {
                call.add(new VarInsnNode(input.getValue().getOpcode(Opcodes.ILOAD), input.getKey()));
            }
            if (viaScratch) {
                call.add(new VarInsnNode(Opcodes.ALOAD, scratch));
            }
            call.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, name, descriptor, false));
            index = 0;
            for (Map.Entry<Integer, Type> output : outputs.entrySet()) {
                Type type = output.getValue();
                if (viaScratch) {
                    call.add(new VarInsnNode(Opcodes.ALOAD, scratch));
                    call.add(new IntInsnNode(Opcodes.SIPUSH, index++));
                    call.add(new InsnNode(Opcodes.LALOAD));
                    fromLong(call, type);
                }
                call.add(new VarInsnNode(type.getOpcode(Opcodes.ISTORE), output.getKey()));
            }
            int argumentSlots =
                    1 + inputs.values().stream().mapToInt(Type::getSize).sum();
            method.maxStack =
                    Math.max(method.maxStack, frames[start].getStackSize() + argumentSlots + 4); // a later pass
            method.instructions.insertBefore(code[start], call);
            for (int i = start; i <= end; i++) {
                method.instructions.remove(code[i]);
            }
        }

        /** A slot of the part for a local the stretch sets before it reads it: two, a long or double may go there. */
        private int newSlot(Map<Integer, Integer> slots) {
            int slot = nextSlot;
            nextSlot += 2;
            return slot;
        }
    }

    private static void toLong(InsnList code, Type type) {
        switch (type.getSort()) {
            case Type.FLOAT -> {
                code.add(floatBits("floatToRawIntBits", "(F)I", "java/lang/Float"));
                code.add(new InsnNode(Opcodes.I2L));
            }
            case Type.DOUBLE -> code.add(floatBits("doubleToRawLongBits", "(D)J", "java/lang/Double"));
            case Type.LONG -> {}
            default -> code.add(new InsnNode(Opcodes.I2L));
        }
    }

    private static void fromLong(InsnList code, Type type) {
        switch (type.getSort()) {
            case Type.FLOAT -> {
                code.add(new InsnNode(Opcodes.L2I));
                code.add(floatBits("intBitsToFloat", "(I)F", "java/lang/Float"));
            }
            case Type.DOUBLE -> code.add(floatBits("longBitsToDouble", "(J)D", "java/lang/Double"));
            case Type.LONG -> {}
            default -> code.add(new InsnNode(Opcodes.L2I));
        }
    }

    private static MethodInsnNode floatBits(String name, String descriptor, String owner) {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, owner, name, descriptor, false);
    }

    private static boolean isStore(int opcode) {
        return opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE;
    }

    private static int sizeOf(int opcode) {
        return opcode == Opcodes.LLOAD
                        || opcode == Opcodes.DLOAD
                        || opcode == Opcodes.LSTORE
                        || opcode == Opcodes.DSTORE
                ? 2
                : 1;
    }

    private static boolean leavesTheMethod(AbstractInsnNode instruction) {
        int opcode = instruction.getOpcode();
        return (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN)
                || opcode == Opcodes.RET
                || opcode == Opcodes.JSR;
    }

    private static int highestLocal(MethodNode method) {
        int highest = Type.getArgumentsAndReturnSizes(method.desc) >> 2;
        for (AbstractInsnNode instruction : method.instructions) {
            if (instruction instanceof VarInsnNode variable) {
                highest = Math.max(highest, variable.var + sizeOf(variable.getOpcode()) - 1);
            } else if (instruction instanceof IincInsnNode increment) {
                highest = Math.max(highest, increment.var);
            }
        }
        return highest;
    }

    private static int size(AbstractInsnNode[] code, int start, int end) {
        int size = 0;
        for (int i = start; i <= end; i++) {
            size += size(code[i]);
        }
        return size;
    }

    /** An instruction's bytes, close enough to split by ({@code ldc_w} and a switch's padding at most). */
    private static int size(AbstractInsnNode instruction) {
        if (instruction.getOpcode() < 0) {
            return 0; // a label, line number or frame
        }
        if (instruction instanceof VarInsnNode variable) {
            return localBytes(variable.var);
        }
        if (instruction instanceof IincInsnNode increment) {
            boolean narrow =
                    increment.var < 256 && increment.incr >= Byte.MIN_VALUE && increment.incr <= Byte.MAX_VALUE;
            return narrow ? 3 : 6;
        }
        if (instruction instanceof IntInsnNode push) {
            return push.getOpcode() == Opcodes.SIPUSH ? 3 : 2;
        }
        if (instruction instanceof InvokeDynamicInsnNode) {
            return 5;
        }
        if (instruction instanceof MethodInsnNode call) {
            return call.getOpcode() == Opcodes.INVOKEINTERFACE ? 5 : 3;
        }
        if (instruction instanceof TableSwitchInsnNode table) {
            return 16 + 4 * table.labels.size();
        }
        if (instruction instanceof LookupSwitchInsnNode lookup) {
            return 12 + 8 * lookup.labels.size();
        }
        if (instruction instanceof MultiANewArrayInsnNode) {
            return 4;
        }
        return instruction instanceof InsnNode ? 1 : 3; // jumps, ldc, fields, types
    }
}
