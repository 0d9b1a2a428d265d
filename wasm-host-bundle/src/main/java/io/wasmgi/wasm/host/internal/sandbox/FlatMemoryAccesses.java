package io.wasmgi.wasm.host.internal.sandbox;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

import com.dylibso.chicory.runtime.Memory;

/**
 * The memory accesses of compiled code as method handles that reach a {@link FlatMemory} from a method handle's
 * compiled form, never from a method of ours.
 *
 * <p>Why: in a function too large for C2's parse budget every access is a late-inlined call site (see
 * {@code compile/LateInlinedCalls}), bound to Chicory's helper ({@code memoryReadDouble(base, offset, memory)},
 * which calls {@code memory.readDouble(...)}). C2 inlines the helper after the parse; the interface call inside it
 * comes from a plain method, and C2 refuses that once the method's graph is past its node budget
 * ({@code NodeCountInliningCutoff}): in nbody's step one access in 95 stayed a real call in some JVMs, spilling every
 * floating-point register around it on each iteration (78 ms a call against 33-36 where all were inlined). A call
 * made from a method handle's compiled form is delayed past that budget, not refused. So each access becomes
 * {@code guardWithTest(memory is flat, flat access, Chicory's helper)}, its address computed as Chicory's
 * {@code getAddr} does (a negative base stays negative, past 2 GiB: the memory traps); the flat access does its
 * own bounds check and array access with no call of ours in between. Any other memory takes Chicory's helper.
 */
public final class FlatMemoryAccesses {

    /** Chicory's access helpers, by name, and the {@link FlatMemory} method each calls on the memory. */
    private static final Map<String, String> METHODS = Map.ofEntries(
            Map.entry("memoryReadByte", "read"),
            Map.entry("memoryReadShort", "readShort"),
            Map.entry("memoryReadInt", "readInt"),
            Map.entry("memoryReadLong", "readLong"),
            Map.entry("memoryReadFloat", "readFloat"),
            Map.entry("memoryReadDouble", "readDouble"),
            Map.entry("memoryWriteByte", "writeByte"),
            Map.entry("memoryWriteShort", "writeShort"),
            Map.entry("memoryWriteInt", "writeI32"),
            Map.entry("memoryWriteLong", "writeLong"),
            Map.entry("memoryWriteFloat", "writeF32"),
            Map.entry("memoryWriteDouble", "writeF64"));

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodHandle ADDRESS = find("address", MethodType.methodType(int.class, int.class, int.class));
    private static final MethodHandle IS_FLAT = find("isFlat", MethodType.methodType(boolean.class, Memory.class));

    private FlatMemoryAccesses() {}

    /**
     * {@code helper}, one of Chicory's access helpers named {@code name}, with a flat memory's path in front; any
     * other helper as it is.
     */
    public static MethodHandle withFlatPath(String name, MethodHandle helper) {
        String method = METHODS.get(name);
        if (method == null) {
            return helper;
        }
        MethodType type = helper.type();
        boolean read = type.parameterCount() == 3; // (base, offset, memory) or (base, value, offset, memory)
        MethodType flatType = read
                ? MethodType.methodType(type.returnType(), int.class)
                : MethodType.methodType(void.class, int.class, type.parameterType(1));
        MethodHandle flat;
        try {
            flat = LOOKUP.findVirtual(FlatMemory.class, method, flatType);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("FlatMemory has no " + method + flatType, e);
        }
        // (FlatMemory, base, offset[, value]) -> the address from base and offset
        MethodHandle access = MethodHandles.collectArguments(flat, 1, ADDRESS)
                .asType(
                        read
                                ? MethodType.methodType(type.returnType(), Memory.class, int.class, int.class)
                                : MethodType.methodType(
                                        void.class, Memory.class, int.class, int.class, type.parameterType(1)));
        // the helper's order: (base, offset, memory) or (base, value, offset, memory)
        access = read
                ? MethodHandles.permuteArguments(access, type, 2, 0, 1)
                : MethodHandles.permuteArguments(access, type, 3, 0, 2, 1);
        MethodHandle test =
                MethodHandles.dropArguments(IS_FLAT, 0, type.parameterList().subList(0, type.parameterCount() - 1));
        return MethodHandles.guardWithTest(test, access, helper);
    }

    /** Chicory's {@code getAddr}: a negative base is passed on as it is, for the memory to trap. */
    private static int address(int base, int offset) {
        return base < 0 ? base : base + offset;
    }

    private static boolean isFlat(Memory memory) {
        return memory instanceof FlatMemory;
    }

    private static MethodHandle find(String name, MethodType type) {
        try {
            return LOOKUP.findStatic(FlatMemoryAccesses.class, name, type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
