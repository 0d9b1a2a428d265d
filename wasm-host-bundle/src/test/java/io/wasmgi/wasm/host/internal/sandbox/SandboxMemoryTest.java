package io.wasmgi.wasm.host.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import io.wasmgi.wasm.host.internal.config.SandboxLimits;

/** The sandbox's instances have flat memories, bounded by its limit, their headroom counted as memory held. */
class SandboxMemoryTest {

    private static final long PAGE = SandboxLimits.PAGE_BYTES;

    /** {@code calc(a, b)} grows the memory by {@code b} pages one at a time; answers the pages it has. */
    private static final String GROWER = "(module (memory 1)"
            + " (func (export \"calc\") (param i32 i32) (result i32)"
            + "  (block $done (loop $grow (br_if $done (i32.eqz (local.get 1)))"
            + "   (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))"
            + "   (local.set 1 (i32.sub (local.get 1) (i32.const 1))) (br $grow)))"
            + "  (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)) (i32.const 7))"
            + "  (memory.size))"
            + " (func (export \"release_string\") (param i32)))";

    @Test
    void growthStopsAtTheLimitAndTheHeadroomIsCountedWithin() {
        WasmModule module = Parser.parse(Wat2Wasm.parse(GROWER));
        Sandbox sandbox = new Sandbox(
                module,
                new MemoryLimits(1, 10),
                OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(),
                Optional.empty());
        for (int engine = 0; engine < 2; engine++) {
            try (PluginInstance instance = sandbox.newInstance()) {
                assertEquals(PAGE, instance.memoryBytes(), "a memory that has not grown holds its size");
                assertEquals(4, instance.calc(0, 3));
                assertTrue(instance.memoryBytes() >= 4 * PAGE, instance.memoryBytes() + " bytes");
                assertEquals(10, instance.calc(0, 100), "growth stops at the sandbox's limit");
                assertEquals(10 * PAGE, instance.memoryBytes(), "never past the limit");
            }
            sandbox.useCompiled(MachineFactoryCompiler.compile(module), "compiled");
        }
    }
}
