package io.wasmgi.wasm.host.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import io.wasmgi.wasm.host.internal.compile.AccessEdges;
import io.wasmgi.wasm.host.internal.compile.ModuleCompiler;

/**
 * The compiled code's memory accesses with a flat memory's path in front ({@link FlatMemoryAccesses}): for each of
 * Chicory's twelve access helpers, a flat memory is read and written without the helper, at the address the
 * helper would use (a negative base included), and with its traps; any other memory goes to the helper. Then a
 * large compiled function (every access a call site) against the interpreter, both on a flat memory, at the
 * memory's edges, also once the JIT has compiled it.
 */
class FlatMemoryAccessesTest {

    private static final List<String> CALLED = new ArrayList<>();
    private static final int PAGE = 65_536;

    /** name: the helper's type, as Chicory declares it. */
    private static final Map<String, MethodType> HELPERS = Map.ofEntries(
            Map.entry("memoryReadByte", MethodType.methodType(byte.class, int.class, int.class, Memory.class)),
            Map.entry("memoryReadShort", MethodType.methodType(short.class, int.class, int.class, Memory.class)),
            Map.entry("memoryReadInt", MethodType.methodType(int.class, int.class, int.class, Memory.class)),
            Map.entry("memoryReadLong", MethodType.methodType(long.class, int.class, int.class, Memory.class)),
            Map.entry("memoryReadFloat", MethodType.methodType(float.class, int.class, int.class, Memory.class)),
            Map.entry("memoryReadDouble", MethodType.methodType(double.class, int.class, int.class, Memory.class)),
            Map.entry(
                    "memoryWriteByte",
                    MethodType.methodType(void.class, int.class, byte.class, int.class, Memory.class)),
            Map.entry(
                    "memoryWriteShort",
                    MethodType.methodType(void.class, int.class, short.class, int.class, Memory.class)),
            Map.entry(
                    "memoryWriteInt", MethodType.methodType(void.class, int.class, int.class, int.class, Memory.class)),
            Map.entry(
                    "memoryWriteLong",
                    MethodType.methodType(void.class, int.class, long.class, int.class, Memory.class)),
            Map.entry(
                    "memoryWriteFloat",
                    MethodType.methodType(void.class, int.class, float.class, int.class, Memory.class)),
            Map.entry(
                    "memoryWriteDouble",
                    MethodType.methodType(void.class, int.class, double.class, int.class, Memory.class)));

    @Test
    void aFlatMemoryIsAccessedWithoutTheHelperAndAnyOtherThroughIt() throws Throwable {
        for (var helper : HELPERS.entrySet()) {
            String name = helper.getKey();
            MethodType type = helper.getValue();
            MethodHandle guarded = FlatMemoryAccesses.withFlatPath(name, recordingHelper(name, type));
            boolean read = type.parameterCount() == 3;

            FlatMemory flat = new FlatMemory(new MemoryLimits(1, 1));
            CALLED.clear();
            if (read) {
                flat.writeLong(96, 0x0102_0304_0506_0708L);
                Object value = guarded.invoke(90, 6, (Memory) flat); // base + offset
                assertEquals(expectedRead(flat, type.returnType(), 96), value, name);
            } else {
                guarded.invoke(90, valueOf(type.parameterType(1)), 6, (Memory) flat);
                assertEquals(expectedRead(flat, type.parameterType(1), 96), valueOf(type.parameterType(1)), name);
            }
            assertEquals(List.of(), CALLED, name + ": a flat memory without the helper");
            String trap = read
                    ? trap(() -> guarded.invoke(-8, 4, (Memory) flat))
                    : trap(() -> guarded.invoke(-8, valueOf(type.parameterType(1)), 4, (Memory) flat));
            assertTrue(trap.contains("out of bounds memory access") && trap.contains("0xfffffff8"), name + ": " + trap);
            String past = read
                    ? trap(() -> guarded.invoke(PAGE - 1, 0, (Memory) flat))
                    : trap(() -> guarded.invoke(PAGE - 1, valueOf(type.parameterType(1)), 0, (Memory) flat));
            assertEquals(name.endsWith("Byte"), past.isEmpty(), name + " at the last byte: " + past);

            Memory other = new ByteArrayMemory(new MemoryLimits(1, 1));
            if (read) {
                guarded.invoke(90, 6, other);
            } else {
                guarded.invoke(90, valueOf(type.parameterType(1)), 6, other);
            }
            assertEquals(List.of(name), CALLED, name + ": any other memory through the helper");
        }
        MethodHandle other = MethodHandles.constant(int.class, 7);
        assertSame(other, FlatMemoryAccesses.withFlatPath("memoryPages", other), "not an access: as it is");
    }

    @Test
    void aLargeCompiledFunctionOnAFlatMemoryAnswersAndTrapsAsTheInterpreterAlsoOnceJitCompiled() throws IOException {
        WasmModule accesses;
        try (InputStream in = FlatMemoryAccessesTest.class.getResourceAsStream(AccessEdges.MODULE)) {
            accesses = Parser.parse(Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        Instance interpreted =
                Instance.builder(accesses).withMemoryFactory(FlatMemory::new).build();
        Instance compiled = Instance.builder(accesses)
                .withMemoryFactory(FlatMemory::new)
                .withMachineFactory(ModuleCompiler.compileUncached(accesses))
                .build();
        AccessEdges.assertAnswersAsTheInterpreterAtTheEdges(interpreted, compiled);
    }

    /** A stand-in for Chicory's helper: records that it ran, and accesses nothing. */
    private static MethodHandle recordingHelper(String name, MethodType type) throws ReflectiveOperationException {
        MethodHandle record = MethodHandles.lookup()
                .findStatic(FlatMemoryAccessesTest.class, "record", MethodType.methodType(void.class, String.class))
                .bindTo(name);
        MethodHandle helper = MethodHandles.dropArguments(record, 0, type.parameterList());
        if (type.returnType() != void.class) {
            helper = MethodHandles.filterReturnValue(helper, MethodHandles.zero(type.returnType()));
        }
        return helper;
    }

    @SuppressWarnings("unused") // found by its name
    private static void record(String name) {
        CALLED.add(name);
    }

    private static Object valueOf(Class<?> type) {
        return type == byte.class
                ? (Object) (byte) 0x5a
                : type == short.class
                        ? (Object) (short) 0x5a6b
                        : type == int.class
                                ? (Object) 0x5a6b7c8d
                                : type == long.class
                                        ? (Object) 0x5a6b7c8d9eafb0c1L
                                        : type == float.class ? (Object) 1.5f : (Object) 2.25;
    }

    private static Object expectedRead(FlatMemory memory, Class<?> type, int address) {
        return type == byte.class
                ? (Object) memory.read(address)
                : type == short.class
                        ? (Object) memory.readShort(address)
                        : type == int.class
                                ? (Object) memory.readInt(address)
                                : type == long.class
                                        ? (Object) memory.readLong(address)
                                        : type == float.class
                                                ? (Object) memory.readFloat(address)
                                                : (Object) memory.readDouble(address);
    }

    private interface Access {
        void run() throws Throwable;
    }

    /** The trap's message, or "" if none. */
    private static String trap(Access access) throws Throwable {
        try {
            access.run();
            return "";
        } catch (RuntimeException trap) {
            return String.valueOf(trap.getMessage());
        }
    }
}
