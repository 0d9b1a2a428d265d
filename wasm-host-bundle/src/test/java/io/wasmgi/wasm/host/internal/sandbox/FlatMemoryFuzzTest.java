package io.wasmgi.wasm.host.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * {@link FlatMemory} against Chicory's default memory: seeded random loads and stores of every width, grows,
 * fills, copies and array reads and writes, many at the edges; both must answer alike, trap alike (the flat
 * memory always with {@link WasmRuntimeException}) and hold the same bytes.
 *
 * <p>Lengths whose end passes 2^31 from an address inside the memory are left to {@link FlatMemoryTest}: Chicory's
 * memories add them in {@code int} and fail with another exception there.
 */
class FlatMemoryFuzzTest {

    private static final int PAGE = Memory.PAGE_SIZE;
    /** A few thousand by default, quick; {@code -Dwasmgi.fuzz.operations} for a longer run. */
    private static final int OPERATIONS = Integer.getInteger("wasmgi.fuzz.operations", 4000);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261125})
    void answersAndTrapsAsChicorysMemory(long seed) {
        Random random = new Random(seed);
        int maximum = 1 + random.nextInt(4);
        MemoryLimits limits = new MemoryLimits(random.nextInt(2), maximum);
        Memory flat = new FlatMemory(limits);
        Memory paged = new ByteBufferMemory(limits);
        int traps = 0;
        for (int i = 0; i < OPERATIONS; i++) {
            Operation operation = operation(random, paged.pages() * PAGE);
            Outcome expected = Outcome.of(paged, operation.apply);
            Outcome actual = Outcome.of(flat, operation.apply);
            if (actual.trap != null && !(actual.trap instanceof WasmRuntimeException)) {
                fail("seed " + seed + " op " + i + " " + operation.name + ": threw " + actual.trap);
            }
            assertEquals(expected.describe(), actual.describe(), "seed " + seed + " op " + i + " " + operation.name);
            traps += actual.trap == null ? 0 : 1;
            if (i % 200 == 0 || operation.name.startsWith("grow")) {
                assertSameBytes(paged, flat, "seed " + seed + " after op " + i);
            }
        }
        assertSameBytes(paged, flat, "seed " + seed + " at the end");
        if (traps < OPERATIONS / 20 || traps > OPERATIONS * 3 / 4) {
            fail("seed " + seed + ": " + traps + " traps in " + OPERATIONS + " operations, the mix is off");
        }
    }

    private static void assertSameBytes(Memory expected, Memory actual, String when) {
        assertEquals(expected.pages(), actual.pages(), when);
        int size = expected.pages() * PAGE;
        assertArrayEquals(expected.readBytes(0, size), actual.readBytes(0, size), when);
    }

    /** An operation on either memory; its result as a long (or an array, for reads of arrays). */
    private static final class Operation {
        final String name;
        final Function<Memory, Object> apply;

        Operation(String name, Function<Memory, Object> apply) {
            this.name = name;
            this.apply = apply;
        }
    }

    private static final class Outcome {
        final Object value;
        final RuntimeException trap;

        private Outcome(Object value, RuntimeException trap) {
            this.value = value;
            this.trap = trap;
        }

        static Outcome of(Memory memory, Function<Memory, Object> apply) {
            try {
                return new Outcome(apply.apply(memory), null);
            } catch (RuntimeException e) {
                return new Outcome(null, e);
            }
        }

        String describe() {
            if (trap != null) {
                return "trap";
            }
            return value instanceof byte[] ? Arrays.toString((byte[]) value) : String.valueOf(value);
        }
    }

    private static Operation operation(Random random, int size) {
        int address = address(random, size);
        int kind = random.nextInt(100);
        if (kind < 30) {
            return load(random.nextInt(10), address);
        }
        if (kind < 60) {
            return store(random.nextInt(6), address, random.nextLong());
        }
        if (kind < 64) {
            int delta = random.nextInt(10) == 0 ? random.nextInt() : random.nextInt(3);
            return new Operation("grow " + delta, m -> m.grow(delta));
        }
        int length = length(random, size, address);
        if (kind < 74) {
            byte value = (byte) random.nextInt();
            return new Operation("fill " + address + "+" + length, m -> {
                m.fill(value, address, address + length);
                return null;
            });
        }
        if (kind < 86) {
            int source = address(random, size);
            int count = source >= 0 && length >= 0 && (long) source + length > Integer.MAX_VALUE
                    ? random.nextInt(64)
                    : length;
            return new Operation("copy " + source + "->" + address + " " + count, m -> {
                m.copy(address, source, count);
                return null;
            });
        }
        if (kind < 93) {
            byte[] data = new byte[Math.max(0, Math.min(length, 3 * PAGE))];
            random.nextBytes(data);
            return new Operation("write " + address + "+" + data.length, m -> {
                m.write(address, data);
                return null;
            });
        }
        return new Operation("readBytes " + address + "+" + length, m -> m.readBytes(address, length));
    }

    private static Operation load(int which, int a) {
        switch (which) {
            case 0:
                return new Operation("read " + a, m -> (long) m.read(a));
            case 1:
                return new Operation("readU8 " + a, m -> m.readU8(a));
            case 2:
                return new Operation("readShort " + a, m -> (long) m.readShort(a));
            case 3:
                return new Operation("readU16 " + a, m -> m.readU16(a));
            case 4:
                return new Operation("readInt " + a, m -> (long) m.readInt(a));
            case 5:
                return new Operation("readU32 " + a, m -> m.readU32(a));
            case 6:
                return new Operation("readLong " + a, m -> m.readLong(a));
            case 7:
                return new Operation("readFloat " + a, m -> (long) Float.floatToRawIntBits(m.readFloat(a)));
            case 8:
                return new Operation("readDouble " + a, m -> Double.doubleToRawLongBits(m.readDouble(a)));
            default:
                return new Operation("readF32 " + a, m -> m.readF32(a));
        }
    }

    private static Operation store(int which, int a, long v) {
        switch (which) {
            case 0:
                return new Operation("writeByte " + a, m -> {
                    m.writeByte(a, (byte) v);
                    return null;
                });
            case 1:
                return new Operation("writeShort " + a, m -> {
                    m.writeShort(a, (short) v);
                    return null;
                });
            case 2:
                return new Operation("writeI32 " + a, m -> {
                    m.writeI32(a, (int) v);
                    return null;
                });
            case 3:
                return new Operation("writeLong " + a, m -> {
                    m.writeLong(a, v);
                    return null;
                });
            case 4:
                return new Operation("writeF32 " + a, m -> {
                    m.writeF32(a, Float.intBitsToFloat((int) v));
                    return null;
                });
            default:
                return new Operation("writeF64 " + a, m -> {
                    m.writeF64(a, Double.longBitsToDouble(v));
                    return null;
                });
        }
    }

    /** Mostly near an edge of the memory (its start, its end, a page's end), some anywhere in 32 bits. */
    private static int address(Random random, int size) {
        switch (random.nextInt(8)) {
            case 0:
                return random.nextInt(16);
            case 1:
            case 2:
                return size - 16 + random.nextInt(24);
            case 3:
                return PAGE * (1 + random.nextInt(4)) - 8 + random.nextInt(16);
            case 4:
                return random.nextInt();
            case 5:
                return 0xFFFFFFF0 + random.nextInt(16);
            default:
                return random.nextInt(Math.max(1, size + 32));
        }
    }

    /** Zero, small, to the end and past it, or past 2^31 (a negative int); never an end past 2^31 from inside. */
    private static int length(Random random, int size, int address) {
        int length;
        switch (random.nextInt(6)) {
            case 0:
                length = 0;
                break;
            case 1:
                length = random.nextInt(64);
                break;
            case 2:
                length = size - address + random.nextInt(3) - 1;
                break;
            case 3:
                length = Integer.MIN_VALUE + random.nextInt(Integer.MAX_VALUE);
                break;
            default:
                length = random.nextInt(2 * PAGE);
                break;
        }
        boolean endPast2g = address >= 0 && length >= 0 && (long) address + length > Integer.MAX_VALUE;
        return endPast2g ? random.nextInt(64) : length;
    }
}
