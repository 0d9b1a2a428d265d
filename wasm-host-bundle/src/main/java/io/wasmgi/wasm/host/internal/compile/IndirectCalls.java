package io.wasmgi.wasm.host.internal.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * Makes {@code call_indirect} small enough for the JIT to inline.
 *
 * <p>Chicory compiles each {@code call_indirect} into a call of a bridge, {@code call_indirect_<type>}, that looks
 * the table's entry up and then picks the function in a {@code lookupswitch} over <em>every</em> function of the
 * module with that type: a C program's comparison function shares {@code (i32, i32) -> i32} with dozens of
 * C library functions, so the bridge grows past the size HotSpot inlines at a hot call (325 bytes) and every
 * indirect call becomes two real calls, the bridge's and the function's.
 *
 * <p>Only a function the module takes a reference of can be in a table: one listed in an element segment or named
 * by a {@code ref.func} (in a function or a global's initializer), and an exported one if the module imports a
 * way for references to come in (a table, a reference global, a function returning references: whoever supplies
 * it may hand the export back). The host writes no plugin's table. The rewrite drops the other cases of
 * each bridge's switch; for a module whose tables hold a few functions the bridge shrinks to a few dozen bytes,
 * C2 inlines it where it is hot and the function behind it too. The checks stay as Chicory made them: the table's
 * bounds, a null entry, an entry of another instance, a function of another type (the switch's default, which
 * throws the type mismatch). A module whose element segments hold anything but {@code ref.func} and
 * {@code ref.null} (a {@code global.get} of an imported reference) keeps every case. Where no import can bring a
 * reference in, every entry is the module's own or null, and the bridge's test for another instance's entry (and
 * the path that boxes the arguments for Chicory's generic call) goes too.
 */
final class IndirectCalls {

    private static final String TABLE_INSTANCE = "com/dylibso/chicory/runtime/TableInstance";

    /** How Chicory names a {@code call_indirect} bridge: this, then the type's index. */
    static final String BRIDGE_PREFIX = "call_indirect_";

    private IndirectCalls() {}

    /** The functions of a module a table or a function reference can hold; {@link #ANY} where that is not known. */
    static final class Targets {

        static final Targets ANY = new Targets(null, false);

        private final BitSet functions;
        /** Whether every reference in the module's tables is to its own functions (or null). */
        private final boolean ownOnly;

        private Targets(BitSet functions, boolean ownOnly) {
            this.functions = functions;
            this.ownOnly = ownOnly;
        }

        /** The functions a reference is taken of, in {@code module}: elements, {@code ref.func}, maybe exports. */
        static Targets of(WasmModule module) {
            int count = module.importSection().count(ExternalType.FUNCTION)
                    + module.functionSection().functionCount();
            BitSet functions = new BitSet(count);
            for (Element element : module.elementSection().elements()) {
                for (List<Instruction> initializer : element.initializers()) {
                    for (Instruction instruction : initializer) {
                        switch (instruction.opcode()) {
                            case REF_FUNC -> set(functions, count, instruction.operand(0));
                            case REF_NULL, END -> {}
                            default -> {
                                return ANY; // a reference computed otherwise: any function may be behind it
                            }
                        }
                    }
                }
            }
            boolean comeIn = referencesComeIn(module);
            if (comeIn) {
                for (int i = 0; i < module.exportSection().exportCount(); i++) {
                    var export = module.exportSection().getExport(i);
                    if (export.exportType() == ExternalType.FUNCTION) {
                        set(functions, count, export.index());
                    }
                }
            }
            for (Global global : module.globalSection().globals()) {
                for (Instruction instruction : global.initInstructions()) {
                    if (instruction.opcode() == OpCode.REF_FUNC) {
                        set(functions, count, instruction.operand(0));
                    }
                }
            }
            for (FunctionBody body : module.codeSection().functionBodies()) {
                for (Instruction instruction : body.instructions()) {
                    if (instruction.opcode() == OpCode.REF_FUNC) {
                        set(functions, count, instruction.operand(0));
                    }
                }
            }
            return new Targets(functions, !comeIn);
        }

        /**
         * Whether references can reach the module through its imports: a table, a global of a reference type, an
         * imported function's results. Whoever supplies them may hold the module's exported functions and hand
         * them in. Exports alone let no reference in: the host links no other module to a plugin and never
         * writes a plugin's tables (C toolchains export the table of every module they link).
         */
        private static boolean referencesComeIn(WasmModule module) {
            for (int i = 0; i < module.importSection().importCount(); i++) {
                Import imported = module.importSection().getImport(i);
                boolean references = switch (imported.importType()) {
                    case TABLE -> true;
                    case GLOBAL -> ((GlobalImport) imported).type().isReference();
                    case FUNCTION ->
                        module.typeSection().getType(((FunctionImport) imported).typeIndex()).returns().stream()
                                .anyMatch(ValType::isReference);
                    default -> false;
                };
                if (references) {
                    return true;
                }
            }
            return false;
        }

        boolean mayHold(int function) {
            return functions == null || (function >= 0 && functions.get(function));
        }

        /** Marks function {@code index}; one past the module's functions names none (validation refuses it). */
        private static void set(BitSet functions, int count, long index) {
            if (index >= 0 && index < count) { // a hostile index must not size the set: 2^32 would be 512 MiB
                functions.set((int) index);
            }
        }
    }

    /**
     * Drops the cases of a bridge's switch for functions no table can hold and, where every entry is the module's
     * own (no import can bring a reference in), the path for another instance's entry.
     *
     * @return how many cases were dropped, plus 1 for the other instance's path (0: the method is not a bridge, or
     *     has nothing to drop)
     */
    static int narrow(MethodNode method, Targets targets) {
        if (!method.name.startsWith(BRIDGE_PREFIX)
                || (method.access & Opcodes.ACC_STATIC) == 0
                || !method.tryCatchBlocks.isEmpty()
                || (method.localVariables != null && !method.localVariables.isEmpty())) {
            return 0; // not the shape Chicory makes: labels that something else may name
        }
        LookupSwitchInsnNode dispatch = null;
        // labels entered otherwise than by one key of the dispatch: by a jump, the default, a second key (sets, not
        // list searches: a bridge may have 1,024 cases, a module thousands of bridges)
        Set<LabelNode> shared = new HashSet<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof LookupSwitchInsnNode found) {
                if (dispatch != null) {
                    return 0;
                }
                dispatch = found;
            } else {
                shared.addAll(JumpTargets.of(insn));
            }
        }
        if (dispatch == null) {
            return 0;
        }
        shared.add(dispatch.dflt);
        Set<LabelNode> cases = new HashSet<>();
        for (LabelNode label : dispatch.labels) {
            if (!cases.add(label)) {
                shared.add(label);
            }
        }
        List<Integer> keys = new ArrayList<>();
        List<LabelNode> labels = new ArrayList<>();
        Map<LabelNode, AbstractInsnNode> dropped = new LinkedHashMap<>(); // a case's label and its return
        for (int i = 0; i < dispatch.keys.size(); i++) {
            int function = dispatch.keys.get(i);
            LabelNode label = dispatch.labels.get(i);
            if (targets.mayHold(function)) {
                keys.add(function);
                labels.add(label);
                continue;
            }
            AbstractInsnNode end = shared.contains(label) ? null : caseEnd(label, function);
            if (end == null) {
                return 0; // each dropped case must be "invokestatic func_<key>; return", entered by its key alone
            }
            dropped.put(label, end);
        }
        dropped.forEach((label, end) -> removeCase(method.instructions, label, end));
        dispatch.keys = keys;
        dispatch.labels = labels;
        return dropped.size() + (targets.ownOnly ? dropOtherInstance(method) : 0);
    }

    /**
     * Drops the test for an entry of another instance and the path that serves it (boxing the arguments for
     * Chicory's generic call), where the module's tables hold only its own functions: Chicory's
     * {@code aload table; iload index; invokevirtual TableInstance.instance; astore r; aload r; ifnull local;
     * aload r; aload instance; if_acmpne other}, then {@code other:} to the method's end.
     *
     * @return 1 if the test was dropped, 0 if the bridge is not in that shape
     */
    private static int dropOtherInstance(MethodNode method) {
        MethodInsnNode lookup = null;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode call
                    && call.getOpcode() == Opcodes.INVOKEVIRTUAL
                    && call.owner.equals(TABLE_INSTANCE)
                    && call.name.equals("instance")) {
                if (lookup != null) {
                    return 0;
                }
                lookup = call;
            }
        }
        if (lookup == null) {
            return 0;
        }
        AbstractInsnNode index = previous(lookup);
        AbstractInsnNode table = index == null ? null : previous(index);
        if (table == null) {
            return 0;
        }
        List<AbstractInsnNode> test = new ArrayList<>(List.of(table, index, lookup));
        for (AbstractInsnNode insn = real(lookup.getNext());
                test.size() < 9 && insn != null;
                insn = real(insn.getNext())) {
            test.add(insn);
        }
        int[] shape = {
            Opcodes.ALOAD,
            Opcodes.ILOAD,
            Opcodes.INVOKEVIRTUAL,
            Opcodes.ASTORE,
            Opcodes.ALOAD,
            Opcodes.IFNULL,
            Opcodes.ALOAD,
            Opcodes.ALOAD,
            Opcodes.IF_ACMPNE
        };
        for (int i = 0; i < shape.length; i++) {
            if (i >= test.size() || test.get(i) == null || test.get(i).getOpcode() != shape[i]) {
                return 0;
            }
        }
        int entry = ((VarInsnNode) test.get(3)).var;
        if (((VarInsnNode) test.get(4)).var != entry || ((VarInsnNode) test.get(6)).var != entry) {
            return 0;
        }
        List<AbstractInsnNode> tail = unreachedTail(method, ((JumpInsnNode) test.get(8)).label);
        if (tail.isEmpty()) {
            return 0;
        }
        Set<AbstractInsnNode> removed = new HashSet<>(test); // sets: a bridge's boxing path grows with its arguments
        removed.addAll(tail);
        for (AbstractInsnNode insn : method.instructions) { // the entry's instance: read by the test and the tail alone
            if (insn instanceof VarInsnNode use && use.var == entry && !removed.contains(insn)) {
                return 0;
            }
        }
        removed.forEach(method.instructions::remove);
        return 1;
    }

    /**
     * {@code from} and everything after it to the method's end, if only the jump of the test enters it: no
     * fall-through into it, no other jump to a label in it; otherwise empty.
     */
    private static List<AbstractInsnNode> unreachedTail(MethodNode method, LabelNode from) {
        AbstractInsnNode before = previous(from);
        int opcode = before == null ? -1 : before.getOpcode();
        if (opcode != Opcodes.ATHROW
                && opcode != Opcodes.GOTO
                && (opcode < Opcodes.IRETURN || opcode > Opcodes.RETURN)) {
            return List.of();
        }
        List<AbstractInsnNode> tail = new ArrayList<>();
        for (AbstractInsnNode insn = from; insn != null; insn = insn.getNext()) {
            tail.add(insn);
        }
        Set<AbstractInsnNode> inTail = new HashSet<>(tail);
        int jumpsIn = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != from; insn = insn.getNext()) {
            for (LabelNode target : JumpTargets.of(insn)) {
                jumpsIn += inTail.contains(target) ? 1 : 0;
            }
        }
        return jumpsIn == 1 ? tail : List.of(); // the test's own if_acmpne
    }

    /** The instruction before {@code insn} that is not a label, line number or frame. */
    private static AbstractInsnNode previous(AbstractInsnNode insn) {
        AbstractInsnNode before = insn.getPrevious();
        while (before != null && before.getOpcode() < 0) {
            before = before.getPrevious();
        }
        return before;
    }

    /** The return ending the case at {@code label} if the case calls {@code func_<function>} and returns; else null. */
    private static AbstractInsnNode caseEnd(LabelNode label, int function) {
        AbstractInsnNode call = real(label.getNext());
        if (!(call instanceof MethodInsnNode invoke)
                || invoke.getOpcode() != Opcodes.INVOKESTATIC
                || !invoke.name.equals("func_" + function)) {
            return null;
        }
        AbstractInsnNode ret = real(call.getNext());
        return ret != null && ret.getOpcode() >= Opcodes.IRETURN && ret.getOpcode() <= Opcodes.RETURN ? ret : null;
    }

    /** The instruction at or after {@code insn} that is not a label, line number or frame. */
    private static AbstractInsnNode real(AbstractInsnNode insn) {
        while (insn != null && insn.getOpcode() < 0) {
            insn = insn.getNext();
        }
        return insn;
    }

    private static void removeCase(InsnList instructions, LabelNode label, AbstractInsnNode end) {
        AbstractInsnNode insn = label;
        while (insn != end) {
            AbstractInsnNode next = insn.getNext();
            instructions.remove(insn);
            insn = next;
        }
        instructions.remove(end);
    }
}
