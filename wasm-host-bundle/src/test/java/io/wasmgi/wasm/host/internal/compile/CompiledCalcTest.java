package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import io.wasmgi.wasm.host.internal.sandbox.PluginInstance;
import io.wasmgi.wasm.host.internal.sandbox.Sandbox;

/**
 * Compiled instances of this repository's plugins (one per language) call their compiled {@code calc} directly,
 * and answer as the interpreter does. If the embedded Chicory's compiler lays out its classes differently, the
 * direct entry is not found and this fails: calls would still be right, only slower.
 */
class CompiledCalcTest {

    private static Sandbox sandbox(String plugin) throws IOException {
        WasmModule module = Parser.parse(Files.readAllBytes(Path.of("..", "plugins", plugin, plugin + ".wasm")));
        MemoryLimits declared =
                module.memorySection().orElseThrow().getMemory(0).limits();
        return new Sandbox(
                module,
                new MemoryLimits(declared.initialPages(), 256),
                OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(),
                Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({
        "add, 6, 7, 13", "add, 4294967295, 1, 0",
        "mul, 6, 7, 42", "mul, 4294967295, 2, 4294967294",
        "sub, 7, 6, 1", "sub, 0, 1, 4294967295",
        "pow, 3, 4, 81", "pow, 2, 32, 0",
    })
    void compiledCallsEnterTheCompiledFunctionAndAnswerAsTheInterpreter(String plugin, long a, long b, long expected)
            throws IOException {
        Sandbox sandbox = sandbox(plugin);
        try (PluginInstance interpreted = sandbox.newInstance()) {
            assertFalse(interpreted.callsDirectly(), "the interpreter has no compiled function");
            assertEquals(expected, interpreted.calc(a, b));
        }
        sandbox.useCompiled(MachineFactoryCompiler.compile(sandbox.module()), "compiled");
        try (PluginInstance compiled = sandbox.newInstance()) {
            assertTrue(compiled.callsDirectly(), plugin + ": the direct entry into the compiled calc was not found");
            assertEquals(expected, compiled.calc(a, b));
            assertEquals(expected, compiled.calc(a, b), "an instance answers again");
        }
    }
}
