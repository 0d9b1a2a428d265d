package io.wasmgi.wasm.host.internal.sandbox;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;

/**
 * A plugin's linear memory as one {@code byte[]}. Chicory's default memory is an array of 64 KiB pages, so each
 * load of compiled code costs a page look-up, a buffer's checks and its byte order; here a load is one
 * little-endian array access, which the JIT inlines into the compiled code as a single move after the array's
 * own range check.
 *
 * <p>Every access is checked against the size wasm sees ({@link #pages()} x 64 KiB), never against the array's
 * capacity, and addresses are unsigned 32-bit: a negative {@code int} is an address past 2 GiB, out of bounds.
 * Chicory's engines pass {@code base + offset} wrapped to an {@code int} only where both are below 2^31, so a sum
 * past 2^31 arrives negative and traps here too. Out-of-bounds accesses throw Chicory's
 * {@link WasmRuntimeException} "out of bounds memory access", as its own memories do.
 *
 * <p>While the array holds exactly the size, its own bounds check (which the JIT makes anyway) is the memory's,
 * and an access costs one compare. A grow gives the array the exact new size while the bytes copied by all
 * grows stay within that size; past that it grows geometrically ({@link #capacityFor}), capped at the maximum,
 * and accesses are checked against the size first. So a module growing one page at a time copies O(n) bytes
 * in all, not O(n^2); the capacity never passes {@link #maximumPages()}, which the sandbox caps at the
 * plugin's memory limit, so the limit and the container's budget bound what it holds.
 *
 * <p>Not for shared memories: the host refuses threads, and one instance serves one caller at a time.
 */
final class FlatMemory implements Memory {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final MemoryLimits limits;
    private final int maximumPages;
    /** Zero past {@link #size}: nothing writes there, and the memory never shrinks. */
    private byte[] bytes;
    /** Bytes wasm sees: pages x 64 KiB, below 2^31 (at most {@link Memory#RUNTIME_MAX_PAGES} pages). */
    private int size;
    /** Bytes copied by the grows so far: past the new size, a grow leaves headroom rather than copy again. */
    private long copied;
    /** The instance's own copy (Chicory's): {@code data.drop} empties its entries. */
    private DataSegment[] dataSegments;

    /**
     * @throws UninstantiableException if the initial size is past the maximum
     * @throws IllegalArgumentException for a shared memory
     */
    FlatMemory(MemoryLimits limits) {
        if (limits.shared()) {
            throw new IllegalArgumentException("a flat memory is not shared");
        }
        this.limits = limits;
        this.maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        if (limits.initialPages() > maximumPages) {
            throw new UninstantiableException(
                    "a memory of " + limits.initialPages() + " pages is past its maximum of " + maximumPages);
        }
        this.size = limits.initialPages() * PAGE_SIZE;
        this.bytes = new byte[size];
    }

    // ---- size

    @Override
    public int pages() {
        return size / PAGE_SIZE;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    /** Bytes the backing array holds: what this memory costs the heap, at least {@code pages() x 64 KiB}. */
    long capacityBytes() {
        return bytes.length;
    }

    /**
     * Grows by {@code delta} pages (unsigned), zeroed. Past the maximum, or if the JVM cannot give the array, it
     * fails as wasm allows: -1, the memory unchanged.
     */
    @Override
    public int grow(int delta) {
        int before = pages();
        long after = before + Integer.toUnsignedLong(delta);
        if (after > maximumPages) {
            return -1;
        }
        int newSize = (int) after * PAGE_SIZE;
        if (newSize > bytes.length && !reserve((int) after)) {
            return -1;
        }
        size = newSize;
        return before;
    }

    /**
     * A larger array for at least {@code pages}; false if the heap cannot hold even the exact size. The exact
     * size while all the copies so far, this one included, come to no more than it (an array of exactly the size
     * makes every access one bounds check), else with headroom: single-page grows then copy each byte a bounded
     * number of times, and the array holds the size exactly again only when grows reach its capacity.
     */
    private boolean reserve(int pages) {
        long needed = (long) pages * PAGE_SIZE;
        int capacity =
                copied + bytes.length <= needed ? pages : capacityFor(pages, bytes.length / PAGE_SIZE, maximumPages);
        try {
            reallocate(capacity);
            return true;
        } catch (OutOfMemoryError headroomTooMuch) {
            try {
                reallocate(pages);
                return true;
            } catch (OutOfMemoryError exactTooMuch) {
                return false;
            }
        }
    }

    private void reallocate(int pages) {
        byte[] larger = Arrays.copyOf(bytes, pages * PAGE_SIZE);
        copied += bytes.length;
        bytes = larger;
    }

    /**
     * The capacity, in pages, to hold {@code needed} pages when {@code current} are held: half as much again
     * (so that single-page grows copy each byte a bounded number of times), at least what is needed, never past
     * {@code maximum}.
     */
    static int capacityFor(int needed, int current, int maximum) {
        long headroom = (long) current + (current >> 1);
        return (int) Math.min(maximum, Math.max(needed, headroom));
    }

    @Override
    public boolean shared() {
        return false;
    }

    // ---- loads and stores: one array access, the array's own bounds check the only one while it holds the size

    /**
     * Traps if {@code width} bytes at {@code address} run past the size while the array holds more than that;
     * while it holds exactly the size, the array access checks it (a negative {@code int} is past 2 GiB, out of
     * bounds for both). Where the JIT keeps the array and the size in registers through a loop (nbody's and
     * heapsort's, in the disassembly), it makes the first test once for all the accesses that follow it.
     */
    private void checkAgainstSize(int address, int width) {
        if (bytes.length != size && outside(address, width)) {
            throw outOfBounds(address, width);
        }
    }

    /** Whether {@code width} bytes from unsigned {@code address} run past the size. */
    private boolean outside(int address, int width) {
        return Integer.toUnsignedLong(address) > (long) size - width;
    }

    private WasmRuntimeException outOfBounds(int address, long width) {
        return new WasmRuntimeException(
                String.format("out of bounds memory access: %d bytes at 0x%08x, memory size %d", width, address, size));
    }

    @Override
    public byte read(int addr) {
        checkAgainstSize(addr, 1);
        try {
            return bytes[addr];
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 1);
        }
    }

    @Override
    public short readShort(int addr) {
        checkAgainstSize(addr, 2);
        try {
            return (short) SHORT.get(bytes, addr);
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 2);
        }
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public int readInt(int addr) {
        checkAgainstSize(addr, 4);
        try {
            return (int) INT.get(bytes, addr);
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public long readLong(int addr) {
        checkAgainstSize(addr, 8);
        try {
            return (long) LONG.get(bytes, addr);
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public float readFloat(int addr) {
        checkAgainstSize(addr, 4);
        try {
            return (float) FLOAT.get(bytes, addr);
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public double readDouble(int addr) {
        checkAgainstSize(addr, 8);
        try {
            return (double) DOUBLE.get(bytes, addr);
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public void writeByte(int addr, byte data) {
        checkAgainstSize(addr, 1);
        try {
            bytes[addr] = data;
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 1);
        }
    }

    @Override
    public void writeShort(int addr, short data) {
        checkAgainstSize(addr, 2);
        try {
            SHORT.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 2);
        }
    }

    @Override
    public void writeI32(int addr, int data) {
        checkAgainstSize(addr, 4);
        try {
            INT.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public void writeLong(int addr, long data) {
        checkAgainstSize(addr, 8);
        try {
            LONG.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public void writeF32(int addr, float data) {
        checkAgainstSize(addr, 4);
        try {
            FLOAT.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public void writeF64(int addr, double data) {
        checkAgainstSize(addr, 8);
        try {
            DOUBLE.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException pastTheArray) {
            throw outOfBounds(addr, 8);
        }
    }

    // ---- bulk operations: unsigned addresses and lengths, checked whole before any byte moves

    /** Checks {@code length} bytes (unsigned) from {@code address} (unsigned); zero bytes at the very end fit. */
    private void checkRange(int address, long length) {
        if (Integer.toUnsignedLong(address) + length > size) {
            throw outOfBounds(address, length);
        }
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        if (len < 0) {
            throw outOfBounds(addr, Integer.toUnsignedLong(len));
        }
        checkRange(addr, len);
        return Arrays.copyOfRange(bytes, addr, addr + len);
    }

    @Override
    public void write(int addr, byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || (long) offset + length > data.length) {
            throw new WasmRuntimeException("out of bounds memory access: " + length + " bytes at " + offset
                    + " of a source of " + data.length);
        }
        checkRange(addr, length);
        System.arraycopy(data, offset, bytes, addr, length);
    }

    /** {@code memory.fill}: Chicory passes the end as {@code offset + size} wrapped to 32 bits. */
    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        long length = Integer.toUnsignedLong(toIndex - fromIndex);
        checkRange(fromIndex, length);
        Arrays.fill(bytes, fromIndex, fromIndex + (int) length, value);
    }

    /** {@code memory.copy}: overlapping ranges copy as if through a buffer, as {@link System#arraycopy} does. */
    @Override
    public void copy(int dest, int src, int count) {
        long length = Integer.toUnsignedLong(count);
        checkRange(src, length);
        checkRange(dest, length);
        System.arraycopy(bytes, src, bytes, dest, count);
    }

    @Override
    public void zero() {
        Arrays.fill(bytes, 0, size, (byte) 0);
    }

    // ---- data segments

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        initialize(instance, dataSegments, 0);
    }

    /**
     * Writes the active segments of this memory, in order; one that does not fit makes the module
     * uninstantiable, as in Chicory's memories (those before it stay written, as wasm says).
     */
    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        this.dataSegments = dataSegments;
        if (dataSegments == null) {
            return;
        }
        for (DataSegment segment : dataSegments) {
            if (segment instanceof ActiveDataSegment) {
                ActiveDataSegment active = (ActiveDataSegment) segment;
                if (active.index() != memoryIndex) {
                    continue;
                }
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
                byte[] data = active.data();
                if (Integer.toUnsignedLong(offset) + data.length > size) {
                    throw new UninstantiableException(String.format(
                            "out of bounds memory access: a data segment of" + " %d bytes at 0x%08x, memory size %d",
                            data.length, offset, size));
                }
                System.arraycopy(data, 0, bytes, offset, data.length);
            } else if (!(segment instanceof PassiveDataSegment)) {
                throw new ChicoryException("Data segment should be active or passive: " + segment);
            }
        }
    }

    /**
     * {@code memory.init}. An active segment counts as dropped: wasm drops it once instantiation has written it
     * (Chicory's memories would copy it again).
     */
    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int count) {
        DataSegment segment = dataSegments[segmentId];
        byte[] data = segment instanceof ActiveDataSegment ? PassiveDataSegment.EMPTY.data() : segment.data();
        long length = Integer.toUnsignedLong(count);
        if (Integer.toUnsignedLong(offset) + length > data.length) {
            throw new WasmRuntimeException(String.format(
                    "out of bounds memory access: %d bytes at %d of a data" + " segment of %d",
                    length, Integer.toUnsignedLong(offset), data.length));
        }
        checkRange(dest, length);
        System.arraycopy(data, offset, bytes, dest, count);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    // ---- threads: never shared (see the class comment), so no waiting and no one to wake

    /** Unshared: the atomic instructions' default implementations lock on this, uncontended. */
    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal")
    public Object lock(int address) {
        return this;
    }

    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return 0;
    }
}
