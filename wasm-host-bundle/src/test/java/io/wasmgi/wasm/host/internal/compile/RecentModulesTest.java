package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

class RecentModulesTest {

    private static WasmModule parse() throws IOException {
        return Parser.parse(Files.readAllBytes(Path.of("..", "plugins", "mul", "mul.wasm")));
    }

    @SuppressWarnings("UnnecessaryLambda") // a distinct object whose identity the test follows
    private final Function<Instance, Machine> compiled = instance -> null;

    @Test
    void keepsTheMostRecentlyUsedUpToItsCapacity() throws IOException {
        RecentModules recent = new RecentModules(2);
        WasmModule a = parse();
        recent.parsed("a", a);
        recent.parsed("b", parse());
        assertSame(a, recent.get("a").orElseThrow().module()); // a is now the most recently used
        recent.parsed("c", parse());
        assertEquals(Optional.empty(), recent.get("b"), "the least recently used went");
        assertTrue(recent.get("a").isPresent() && recent.get("c").isPresent());
    }

    @Test
    void keepsCompiledCodeOnlyWithTheModuleItWasMadeFrom() throws IOException {
        RecentModules recent = new RecentModules(4);
        WasmModule remembered = parse();
        recent.parsed("m", remembered);
        assertNull(recent.get("m").orElseThrow().compiled(), "not compiled yet");
        recent.compiled("m", parse(), compiled); // another parse of the same bytes: Chicory would refuse the pair
        assertNull(recent.get("m").orElseThrow().compiled());
        recent.compiled("m", remembered, compiled);
        assertSame(compiled, recent.get("m").orElseThrow().compiled());
        assertSame(remembered, recent.get("m").orElseThrow().module());
    }
}
