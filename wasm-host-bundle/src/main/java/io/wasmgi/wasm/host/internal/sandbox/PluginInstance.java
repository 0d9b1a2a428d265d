package io.wasmgi.wasm.host.internal.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiPreview1;

import io.wasmgi.wasm.host.internal.compile.CalcFunction;
import io.wasmgi.wasm.host.internal.compile.CompiledCalc;
import io.wasmgi.wasm.host.internal.config.SandboxLimits;

/**
 * One instantiated plugin module: its own linear memory and WASI context. Not safe for two threads at once;
 * the call pool hands it to one caller at a time.
 */
public final class PluginInstance implements AutoCloseable {

    private final Instance instance;
    private final Memory memory;
    private final WasiPreview1 wasi;
    private final ExportFunction calc;
    /** The compiled {@code calc} itself (see {@link CompiledCalc}), or null: calls then take {@link #calc}. */
    private final CalcFunction directCalc;

    private final ExportFunction release;
    private final int generation;

    PluginInstance(Instance instance, WasiPreview1 wasi, int generation, Optional<CalcFunction> directCalc) {
        this.instance = instance;
        this.memory = instance.memory();
        this.wasi = wasi;
        this.generation = generation;
        this.calc = instance.export("calc");
        this.directCalc = directCalc.orElse(null);
        this.release = instance.export("release_string");
    }

    /** {@code calc(a, b)} on unsigned 32-bit values. */
    public long calc(long a, long b) {
        int result =
                directCalc != null ? directCalc.calc((int) a, (int) b, memory, instance) : (int) calc.apply(a, b)[0];
        return Integer.toUnsignedLong(result);
    }

    /** Whether calls enter the compiled {@code calc} directly. */
    public boolean callsDirectly() {
        return directCalc != null;
    }

    /**
     * Calls {@code export} (one of the string-returning ABI functions), reads the NUL-terminated UTF-8 string
     * it points to, and hands the pointer back through {@code release_string}.
     *
     * @throws AbiViolation if the pointer or the string is not acceptable
     */
    public String readString(String export, int maxBytes) {
        int pointer = (int) instance.export(export).apply()[0];
        long address = Integer.toUnsignedLong(pointer);
        Memory memory = instance.memory();
        long size = (long) memory.pages() * SandboxLimits.PAGE_BYTES;
        if (address >= size) {
            throw new AbiViolation(String.format(
                    "%s() returned pointer 0x%08x, outside the plugin's memory of %d bytes", export, address, size));
        }
        int window = (int) Math.min(maxBytes + 1L, size - address);
        byte[] bytes = memory.readBytes((int) address, window);
        int length = indexOfNul(bytes);
        if (length < 0) {
            throw new AbiViolation(
                    window <= maxBytes
                            ? String.format(
                                    "%s() string at 0x%08x runs to the end of memory with no NUL", export, address)
                            : String.format(
                                    "%s() string at 0x%08x is longer than %d bytes", export, address, maxBytes));
        }
        String text = decodeUtf8(export, bytes, length);
        release.apply(pointer);
        return text;
    }

    private static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String decodeUtf8(String export, byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AbiViolation(export + "() returned a string that is not valid UTF-8");
        }
    }

    /** The sandbox's engine generation this instance was made in. */
    int generation() {
        return generation;
    }

    /**
     * Bytes of heap this instance's linear memory holds now: its size, and the headroom a {@link FlatMemory}
     * keeps after growing (never past the memory limit).
     */
    public long memoryBytes() {
        Memory memory = instance.memory();
        return memory instanceof FlatMemory
                ? ((FlatMemory) memory).capacityBytes()
                : (long) memory.pages() * SandboxLimits.PAGE_BYTES;
    }

    @Override
    public void close() {
        wasi.close();
    }
}
