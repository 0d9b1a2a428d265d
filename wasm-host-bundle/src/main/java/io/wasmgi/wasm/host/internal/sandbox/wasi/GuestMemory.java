package io.wasmgi.wasm.host.internal.sandbox.wasi;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;

import io.wasmgi.wasm.host.internal.config.SandboxLimits;

/** Reads of a plugin's linear memory for the WASI guards: unsigned addresses, checked against its size now. */
public final class GuestMemory {

    private GuestMemory() {}

    /** A 32-bit argument as the unsigned value wasm means. */
    static long u32(long arg) {
        return Integer.toUnsignedLong((int) arg);
    }

    /** Bytes of linear memory the instance has now (none if it has no memory). */
    static long size(Instance instance) {
        Memory memory = instance.memory();
        return memory == null ? 0 : (long) memory.pages() * SandboxLimits.PAGE_BYTES;
    }

    /** Whether {@code length} bytes from {@code address} lie inside the instance's memory. */
    static boolean fits(Instance instance, long address, long length) {
        return address >= 0 && length >= 0 && address + length <= size(instance);
    }

    /** An unsigned 32-bit value at {@code address}, which the caller checked. */
    static long u32At(Instance instance, long address) {
        return Integer.toUnsignedLong(instance.memory().readInt((int) address));
    }
}
