package io.wasmgi.wasm.host.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/** {@link FlatMemory} at every edge: the size wasm sees, unsigned addresses, bulk operations, growth. */
class FlatMemoryTest {

    private static final int PAGE = Memory.PAGE_SIZE;

    private static FlatMemory memory(int initial, int maximum) {
        return new FlatMemory(new MemoryLimits(initial, maximum));
    }

    private static void assertTraps(Runnable access) {
        assertTraps(access, "");
    }

    private static void assertTraps(Runnable access, String what) {
        WasmRuntimeException e = assertThrows(WasmRuntimeException.class, access::run, what);
        assertTrue(e.getMessage().startsWith("out of bounds memory access"), e.getMessage());
    }

    /** Every load and store of {@code width} bytes at {@code address}. */
    private static Runnable[] accesses(Memory m, int width, int address) {
        switch (width) {
            case 1:
                return new Runnable[] {
                    () -> m.read(address),
                    () -> m.writeByte(address, (byte) 1),
                    () -> m.readU8(address),
                    () -> m.readI8(address)
                };
            case 2:
                return new Runnable[] {
                    () -> m.readShort(address),
                    () -> m.writeShort(address, (short) 1),
                    () -> m.readU16(address),
                    () -> m.readI16(address)
                };
            case 4:
                return new Runnable[] {
                    () -> m.readInt(address),
                    () -> m.writeI32(address, 1),
                    () -> m.readFloat(address),
                    () -> m.writeF32(address, 1f),
                    () -> m.readU32(address),
                    () -> m.readF32(address)
                };
            case 8:
                return new Runnable[] {
                    () -> m.readLong(address),
                    () -> m.writeLong(address, 1),
                    () -> m.readDouble(address),
                    () -> m.writeF64(address, 1d),
                    () -> m.readF64(address)
                };
            default:
                throw new IllegalArgumentException("width " + width);
        }
    }

    private static void assertFitsAndTrapsPastEnd(Memory m, int width) {
        int size = m.pages() * PAGE;
        for (Runnable fits : accesses(m, width, size - width)) {
            fits.run();
        }
        for (int past = size - width + 1; past <= size; past++) {
            for (Runnable traps : accesses(m, width, past)) {
                assertTraps(traps);
            }
        }
    }

    /**
     * Single-page grows from 1 to 12 pages: the first give arrays of exactly the size (the array's bounds are the
     * memory's), later ones headroom (accesses checked against the size first, in bytes the array holds).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void theLastWholeValueFitsAndOneBytePastTrapsAfterEveryGrowWithOrWithoutHeadroom(int width) {
        FlatMemory m = memory(1, 12);
        assertFitsAndTrapsPastEnd(m, width);
        boolean exact = false;
        boolean headroom = false;
        for (int pages = 2; pages <= 12; pages++) {
            assertEquals(pages - 1, m.grow(1));
            assertFitsAndTrapsPastEnd(m, width);
            if (m.capacityBytes() == (long) pages * PAGE) {
                exact = true;
            } else {
                headroom = true;
                for (Runnable traps : accesses(m, width, (int) m.capacityBytes() - width)) {
                    assertTraps(traps, "the array's last bytes, past the size");
                }
            }
        }
        assertTrue(exact && headroom, "grows with and without headroom");
        assertEquals(-1, m.grow(1), "past the maximum");
        assertFitsAndTrapsPastEnd(m, width);
    }

    @Test
    void growsGiveTheExactSizeWhileTheirCopiesStayWithinIt() {
        FlatMemory m = memory(1, 1000);
        assertEquals(1, m.grow(1));
        assertEquals(2L * PAGE, m.capacityBytes(), "copied 1 page for 2");
        assertEquals(2, m.grow(100));
        assertEquals(102L * PAGE, m.capacityBytes(), "copied 3 pages for 102");
        for (int pages = 103; pages < 200; pages++) {
            m.grow(1);
        }
        assertTrue(m.capacityBytes() > 199L * PAGE, "single pages past that get headroom");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void addressesAreUnsigned(int width) {
        FlatMemory m = memory(1, 1);
        for (int address :
                new int[] {-1, 0xFFFFFFF0, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 7, PAGE * 2, -width
                }) {
            for (Runnable traps : accesses(m, width, address)) {
                assertTraps(traps);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void anEmptyMemoryHasNoValidAddress(int width) {
        FlatMemory m = memory(0, 2);
        for (int address : new int[] {0, 1, -1, -width}) {
            for (Runnable traps : accesses(m, width, address)) {
                assertTraps(traps);
            }
        }
        assertEquals(0, m.grow(1));
        for (Runnable fits : accesses(m, width, 0)) {
            fits.run();
        }
    }

    @Test
    void valuesAreLittleEndianAndUnaligned() {
        FlatMemory m = memory(1, 1);
        m.writeLong(3, 0x0807060504030201L);
        assertArrayEquals(new byte[] {0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0}, m.readBytes(0, 12));
        assertEquals(0x04030201, m.readInt(3));
        assertEquals(0x0201, m.readShort(3));
        m.writeShort(PAGE - 2, (short) -2);
        assertEquals(0xFFFEL, m.readU16(PAGE - 2));
        assertEquals(-2L, m.readI16(PAGE - 2));
        m.writeI32(PAGE - 4, -3);
        assertEquals(0xFFFFFFFDL, m.readU32(PAGE - 4));
        m.writeByte(7, (byte) 0x80);
        assertEquals(0x80L, m.readU8(7));
        assertEquals(-128L, m.readI8(7));
    }

    @Test
    void floatsKeepTheirBitsNaNPayloadsIncluded() {
        FlatMemory m = memory(1, 1);
        int quietNanWithPayload = 0x7FC00123;
        m.writeI32(0, quietNanWithPayload);
        assertEquals(quietNanWithPayload, Float.floatToRawIntBits(m.readFloat(0)));
        assertEquals(quietNanWithPayload, (int) m.readF32(0));
        m.writeF64(8, Double.longBitsToDouble(0x7FF8000000000ABCL));
        assertEquals(0x7FF8000000000ABCL, m.readLong(8));
        assertEquals(0x7FF8000000000ABCL, m.readF64(8));
    }

    @Test
    void growReturnsTheOldSizeZeroesTheNewPagesAndFailsPastTheMaximum() {
        FlatMemory m = memory(1, 4);
        m.fill((byte) 0x55, 0, PAGE);
        assertEquals(1, m.grow(0), "growing by nothing answers the size");
        assertEquals(1, m.grow(2));
        assertEquals(3, m.pages());
        assertArrayEquals(new byte[2 * PAGE], m.readBytes(PAGE, 2 * PAGE), "new pages are zero");
        assertEquals(0x55, m.read(PAGE - 1));
        assertEquals(-1, m.grow(2), "3 + 2 > 4");
        assertEquals(3, m.pages(), "a failed grow changes nothing");
        assertEquals(-1, m.grow(-1), "a delta past 2^31 is unsigned");
        assertEquals(-1, m.grow(Integer.MIN_VALUE));
        assertEquals(3, m.grow(1));
        assertEquals(-1, m.grow(1));
        assertEquals(4, m.pages());
    }

    @Test
    void theMaximumIsCappedAtWhatAJavaArrayHolds() {
        FlatMemory m = memory(0, 65536);
        assertEquals(Memory.RUNTIME_MAX_PAGES, m.maximumPages());
        assertEquals(-1, m.grow(Memory.RUNTIME_MAX_PAGES + 1));
        assertEquals(0, m.pages());
    }

    @Test
    void singlePageGrowsCopyLinearlyAndTheCapacityStaysWithinTheMaximum() {
        int maximum = 1000;
        FlatMemory m = memory(1, maximum);
        long copied = 0;
        long capacity = m.capacityBytes();
        int reallocations = 0;
        for (int pages = 2; pages <= maximum; pages++) {
            assertEquals(pages - 1, m.grow(1));
            assertEquals(pages, m.pages(), "the visible size is exact");
            if (m.capacityBytes() != capacity) {
                copied += capacity;
                capacity = m.capacityBytes();
                reallocations++;
            }
            assertTrue(capacity <= (long) maximum * PAGE, "capacity " + capacity + " past the maximum");
            assertTrue(capacity >= (long) pages * PAGE);
            assertTraps(() -> m.read(m.pages() * PAGE));
        }
        assertEquals((long) maximum * PAGE, capacity, "the last reallocation stops at the maximum");
        assertTrue(copied <= 3L * maximum * PAGE, "copied " + copied + " bytes for " + maximum + " pages");
        assertTrue(reallocations < 30, reallocations + " reallocations");
    }

    @Test
    void capacityGrowsByHalfAtLeastWhatIsNeededAtMostTheMaximum() {
        assertEquals(2, FlatMemory.capacityFor(2, 1, 100), "what is needed beats a smaller headroom");
        assertEquals(15, FlatMemory.capacityFor(11, 10, 100));
        assertEquals(40, FlatMemory.capacityFor(40, 10, 100));
        assertEquals(100, FlatMemory.capacityFor(90, 80, 100));
        assertEquals(1, FlatMemory.capacityFor(1, 0, 100));
    }

    @Test
    void aMemoryThatNeverGrowsHoldsExactlyItsSize() {
        assertEquals(3L * PAGE, memory(3, 100).capacityBytes());
        assertEquals(0, memory(0, 100).capacityBytes());
    }

    @Test
    void zeroLengthBulkOperationsFitAtTheExactEndAndTrapPastIt() {
        FlatMemory m = memory(1, 2);
        m.fill((byte) 1, PAGE, PAGE);
        m.copy(PAGE, 0, 0);
        m.copy(0, PAGE, 0);
        m.write(PAGE, new byte[0]);
        assertEquals(0, m.readBytes(PAGE, 0).length);
        m.write(PAGE, new byte[4], 4, 0);
        assertTraps(() -> m.fill((byte) 1, PAGE + 1, PAGE + 1));
        assertTraps(() -> m.copy(PAGE + 1, 0, 0));
        assertTraps(() -> m.copy(0, PAGE + 1, 0));
        assertTraps(() -> m.write(PAGE + 1, new byte[0]));
        assertTraps(() -> m.readBytes(PAGE + 1, 0));
        assertTraps(() -> m.readBytes(-1, 0));
        assertEquals(1, m.grow(1));
        m.fill((byte) 1, 2 * PAGE, 2 * PAGE);
        assertTraps(() -> m.fill((byte) 1, 2 * PAGE + 1, 2 * PAGE + 1));
    }

    @Test
    void fillsReachTheLastByteAndTrapWholeOnePast() {
        FlatMemory m = memory(1, 1);
        m.fill((byte) 7, PAGE - 16, PAGE);
        assertEquals(7, m.read(PAGE - 1));
        assertEquals(0, m.read(PAGE - 17));
        assertTraps(() -> m.fill((byte) 9, PAGE - 16, PAGE + 1));
        assertEquals(7, m.read(PAGE - 16), "a trapping fill writes nothing");
        assertTraps(() -> m.fill((byte) 9, 16, 16 + -32), "Chicory's wrapped end: a length past 2^31");
        int wrappedEnd = (int) (0x7FFF0000L + 0x20000L); // Chicory passes the end as offset + size, wrapped
        assertTraps(() -> m.fill((byte) 9, 0x7FFF0000, wrappedEnd), "offset past the size");
        assertTraps(() -> m.fill((byte) 9, 8, 4), "a length past 2^32 - 8");
        assertEquals(0, m.read(8));
    }

    @Test
    void overlappingCopiesMoveAsThroughABuffer() {
        FlatMemory m = memory(1, 1);
        byte[] run = {1, 2, 3, 4, 5, 6, 7, 8};
        m.write(100, run);
        m.copy(102, 100, 8);
        assertArrayEquals(new byte[] {1, 2, 1, 2, 3, 4, 5, 6, 7, 8}, m.readBytes(100, 10), "forward overlap");
        m.write(200, run);
        m.copy(198, 200, 8);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 7, 8}, m.readBytes(198, 10), "backward overlap");
        m.copy(PAGE - 8, 0, 8);
        m.copy(0, PAGE - 8, 8);
        assertTraps(() -> m.copy(PAGE - 7, 0, 8));
        assertTraps(() -> m.copy(0, PAGE - 7, 8));
        assertTraps(() -> m.copy(0, 0, -1));
        assertTraps(() -> m.copy(-8, 0, 8));
        assertTraps(() -> m.copy(0, -8, 8));
    }

    @Test
    void writesAndReadsOfArraysCheckBothSides() {
        FlatMemory m = memory(1, 1);
        m.write(PAGE - 3, new byte[] {9, 8, 7});
        assertArrayEquals(new byte[] {9, 8, 7}, m.readBytes(PAGE - 3, 3));
        assertTraps(() -> m.write(PAGE - 2, new byte[3]));
        assertTraps(() -> m.write(0, new byte[3], 2, 2));
        assertTraps(() -> m.write(0, new byte[3], -1, 1));
        assertTraps(() -> m.write(0, new byte[3], 0, -1));
        assertTraps(() -> m.readBytes(PAGE - 2, 3));
        assertTraps(() -> m.readBytes(0, -1));
        assertTraps(() -> m.readBytes(0xFFFFFFF0, 1));
        assertEquals("\u0007", m.readString(PAGE - 1, 1));
    }

    @Test
    void zeroClearsTheVisibleMemory() {
        FlatMemory m = memory(1, 2);
        m.fill((byte) 3, 0, PAGE);
        m.grow(1);
        m.writeByte(2 * PAGE - 1, (byte) 4);
        m.zero();
        assertArrayEquals(new byte[2 * PAGE], m.readBytes(0, 2 * PAGE));
    }

    @Test
    void aMemoryPastItsMaximumOrSharedIsRefused() {
        assertThrows(RuntimeException.class, () -> memory(3, 2));
        assertThrows(IllegalArgumentException.class, () -> new FlatMemory(new MemoryLimits(1, 1, true)));
    }
}
