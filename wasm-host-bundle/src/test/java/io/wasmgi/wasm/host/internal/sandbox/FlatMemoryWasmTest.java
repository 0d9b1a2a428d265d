package io.wasmgi.wasm.host.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * {@link FlatMemory} under wasm code, in Chicory's interpreter and its compiled engine: the edges of every width
 * at each size as the memory grows, static offsets that carry the address past 2^32 (which must trap, not wrap),
 * the bulk operations, and data segments that do not fit. Each call must answer as with Chicory's own memory, and
 * the cases that matter most are checked outright too.
 */
class FlatMemoryWasmTest {

    private static final long PAGE = Memory.PAGE_SIZE;
    private static final String TRAP = "trap";

    private static WasmModule module(String name) throws IOException {
        try (InputStream in = FlatMemoryWasmTest.class.getResourceAsStream("/memory/" + name + ".wat")) {
            return Parser.parse(Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    private static Instance instance(WasmModule module, boolean compiled, Function<MemoryLimits, Memory> memory) {
        Instance.Builder builder = Instance.builder(module).withMemoryFactory(memory);
        if (compiled) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(module));
        }
        return builder.build();
    }

    /** A script of calls, the same for both memories; each outcome is a value's bits or {@link #TRAP}. */
    private static final class Script {
        private final Instance instance;
        private final boolean flat;
        final List<String> outcomes = new ArrayList<>();

        Script(Instance instance, boolean flat) {
            this.instance = instance;
            this.flat = flat;
        }

        String call(String export, long... args) {
            String outcome;
            try {
                long[] results = instance.export(export).apply(args);
                outcome = results == null || results.length == 0 ? "ok" : Long.toHexString(results[0]);
            } catch (RuntimeException e) {
                if (flat) {
                    assertTrue(
                            String.valueOf(e.getMessage()).contains("out of bounds memory access"), export + ": " + e);
                }
                outcome = TRAP;
            }
            outcomes.add(export + " " + java.util.Arrays.toString(args) + " -> " + outcome);
            return outcome;
        }
    }

    private static final String[][] LOADS = {
        {"i32.load8_u", "1"},
        {"i32.load8_s", "1"},
        {"i64.load8_u", "1"},
        {"i32.load16_u", "2"},
        {"i32.load16_s", "2"},
        {"i64.load16_s", "2"},
        {"i32.load", "4"},
        {"i64.load32_u", "4"},
        {"i64.load32_s", "4"},
        {"f32.load", "4"},
        {"i64.load", "8"},
        {"f64.load", "8"},
    };
    private static final String[][] STORES = {
        {"i32.store8", "1"},
        {"i32.store16", "2"},
        {"i32.store", "4"},
        {"i64.store32", "4"},
        {"f32.store", "4"},
        {"i64.store", "8"},
        {"f64.store", "8"},
    };

    /** Runs the whole script on one instance and checks what must hold whatever the reference says. */
    private static List<String> run(Script s) {
        for (int pages = 1; pages <= 3; pages++) {
            long size = pages * PAGE;
            assertEquals(Long.toHexString(pages), s.call("memory.size"));
            for (String[] store : STORES) {
                long width = Long.parseLong(store[1]);
                long value = 0x8877665544332211L;
                assertEquals("ok", s.call(store[0], size - width, value), store[0] + " of the last bytes");
                for (long past = size - width + 1; past <= size; past++) {
                    assertEquals(TRAP, s.call(store[0], past, value), store[0] + " at " + past);
                }
                for (long address : new long[] {0xFFFFFFF0L, 0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L}) {
                    assertEquals(TRAP, s.call(store[0], address, value), store[0] + " at " + address);
                }
            }
            for (String[] load : LOADS) {
                long width = Long.parseLong(load[1]);
                for (long address = size - width - 1; address <= size; address++) {
                    String outcome = s.call(load[0], address);
                    assertEquals(address + width <= size, !outcome.equals(TRAP), load[0] + " at " + address);
                }
                for (long address : new long[] {0xFFFFFFF0L, 0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L}) {
                    assertEquals(TRAP, s.call(load[0], address), load[0] + " at " + address);
                }
            }
            assertEquals("ok", s.call("i64.store offset=65528", size - PAGE, -1L));
            assertEquals(TRAP, s.call("i64.store offset=65528", size - PAGE + 1, -1L));
            s.call("i32.load offset=65532", size - PAGE);
            assertEquals(TRAP, s.call("i32.load offset=65532", size - PAGE + 1));
            for (long base : new long[] {0, 1, 0x10, 0x11, 0x80000000L, 0xFFFFFFFFL}) {
                assertEquals(TRAP, s.call("i64.load offset=0x7fffffff", base), "offset 2^31 - 1 + " + base);
                assertEquals(TRAP, s.call("i32.load8_u offset=0xffffffff", base), "past 2^32 is not " + (base - 1));
                assertEquals(TRAP, s.call("i32.load offset=0xfffffff0", base), "past 2^32 is not " + (base - 16));
            }
            bulk(s, size);
            if (pages < 3) {
                assertEquals(Long.toHexString(pages), s.call("memory.grow", 1), "grow answers the old size");
            }
        }
        assertEquals("ffffffff", s.call("memory.grow", 1).substring(8), "3 pages is the maximum");
        assertEquals("3", s.call("memory.size"));
        assertEquals("3", s.call("memory.grow", 0));
        assertEquals("ffffffff", s.call("memory.grow", 0xFFFFFFFFL).substring(8));
        assertEquals("ffffffff", s.call("memory.grow", 0x10000).substring(8));
        return s.outcomes;
    }

    private static void bulk(Script s, long size) {
        assertEquals("ok", s.call("memory.fill", size - 16, 0x5A, 16));
        assertEquals("5a5a5a5a", s.call("i32.load", size - 4));
        assertEquals(TRAP, s.call("memory.fill", size - 16, 0x33, 17), "a fill one byte past");
        assertEquals("5a5a5a5a", s.call("i32.load", size - 4), "a trapping fill writes nothing");
        assertEquals("ok", s.call("memory.fill", size, 0x33, 0), "nothing at the very end");
        assertEquals(TRAP, s.call("memory.fill", size + 1, 0x33, 0), "nothing one past the end");
        assertEquals(TRAP, s.call("memory.fill", 0x10, 0x33, 0xFFFFFFF0L), "an end at 2^32");
        assertEquals("ok", s.call("i64.store", 100, 0x0807060504030201L));
        assertEquals("ok", s.call("memory.copy", 102, 100, 8), "overlapping forward");
        assertEquals("605040302010201", s.call("i64.load", 100), "bytes 1 2 then 1..6");
        assertEquals("ok", s.call("memory.copy", 98, 102, 8), "overlapping backward");
        assertEquals("ok", s.call("memory.copy", size - 8, 0, 8));
        assertEquals(TRAP, s.call("memory.copy", size - 7, 0, 8));
        assertEquals(TRAP, s.call("memory.copy", 0, size - 7, 8));
        assertEquals("ok", s.call("memory.copy", size, 0, 0));
        assertEquals(TRAP, s.call("memory.copy", size + 1, 0, 0));
        assertEquals(TRAP, s.call("memory.copy", 0, 0, 0xFFFFFFFFL));
        assertEquals("ok", s.call("memory.init", size - 8, 0, 8));
        assertEquals("807060504030201", s.call("i64.load", size - 8));
        assertEquals(TRAP, s.call("memory.init", size - 7, 0, 8));
        assertEquals(TRAP, s.call("memory.init", 0, 1, 8), "past the segment's end");
        assertEquals("ok", s.call("memory.init", size, 8, 0));
        assertEquals(TRAP, s.call("memory.init", size + 1, 0, 0));
        assertEquals("bbaa", s.call("i32.load16_u", 16), "the active segment was written, little-endian");
    }

    @ParameterizedTest(name = "compiled {0}")
    @ValueSource(booleans = {false, true})
    void answersAsChicorysMemoryAndTrapsAtEveryEdge(boolean compiled) throws IOException {
        WasmModule module = module("edges");
        List<String> flat = run(new Script(instance(module, compiled, FlatMemory::new), true));
        List<String> paged = run(new Script(instance(module, compiled, ByteBufferMemory::new), false));
        assertEquals(paged, flat);
    }

    @ParameterizedTest(name = "compiled {0}")
    @ValueSource(booleans = {false, true})
    void droppedAndActiveSegmentsInitOnlyNothing(boolean compiled) throws IOException {
        Script s = new Script(instance(module("edges"), compiled, FlatMemory::new), true);
        assertEquals("ok", s.call("data.drop"));
        assertEquals("ok", s.call("memory.init", 0, 0, 0), "a dropped segment is empty");
        assertEquals(TRAP, s.call("memory.init", 0, 0, 1));
        assertEquals("ok", s.call("memory.init active", PAGE, 0, 0));
        // wasm drops an active segment at instantiation; Chicory's own memories would copy it again
        assertEquals(TRAP, s.call("memory.init active", 0, 0, 1));
        assertEquals("ok", s.call("memory.init", 0, 0, 0), "data.drop twice is allowed");
    }

    @ParameterizedTest(name = "compiled {0}")
    @ValueSource(booleans = {false, true})
    void dataSegmentsThatDoNotFitMakeTheModuleUninstantiable(boolean compiled) {
        for (String data : new String[] {
            "(i32.const 65535) \"\\01\\02\"",
            "(i32.const 65537) \"\"",
            "(i32.const -1) \"\"",
            "(i32.const 0x7fffffff) \"\\01\"",
            "(i32.const 65536) \"\\01\""
        }) {
            WasmModule module = Parser.parse(Wat2Wasm.parse("(module (memory 1 2) (data " + data + "))"));
            assertThrows(UninstantiableException.class, () -> instance(module, compiled, FlatMemory::new), data);
        }
        for (String data : new String[] {"(i32.const 65536) \"\"", "(i32.const 65535) \"\\01\""}) {
            WasmModule module = Parser.parse(Wat2Wasm.parse("(module (memory 1 2) (data " + data + "))"));
            instance(module, compiled, FlatMemory::new);
        }
    }
}
