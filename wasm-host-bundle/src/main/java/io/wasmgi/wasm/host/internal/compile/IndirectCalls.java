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
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

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
 * {@code ref.null} (a {@code global.get} of an imported reference) keeps every case.
 */
final class IndirectCalls {

    /** How Chicory names a {@code call_indirect} bridge: this, then the type's index. */
    static final String BRIDGE_PREFIX = "call_indirect_";

    private IndirectCalls() {}

    /** The functions of a module a table or a function reference can hold; {@link #ANY} where that is not known. */
    static final class Targets {

        static final Targets ANY = new Targets(null);

        private final BitSet functions;

        private Targets(BitSet functions) {
            this.functions = functions;
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
            if (referencesComeIn(module)) {
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
            return new Targets(functions);
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
     * Drops the cases of a bridge's switch for functions no table can hold.
     *
     * @return how many cases were dropped (0: the method is not a bridge, or has nothing to drop)
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
        return dropped.size();
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
