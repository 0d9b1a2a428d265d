package io.wasmgi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;

import io.wasmgi.calc.api.CalcException.Reason;
import io.wasmgi.testsupport.Await;
import io.wasmgi.testsupport.Wat;

/**
 * Plugins run compiled by default, from caches that survive reinstalls (in memory) and restarts of the host (on
 * disk, in the host bundle's data area) and are never trusted blindly. A restart here is the host bundle's: its
 * in-memory cache goes with it, its data area stays, as across restarts of the framework with storage kept.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CompiledEngineTest extends FrameworkTest {

    private Bundle host() {
        return Stream.of(context.getBundles())
                .filter(b -> "io.wasmgi.wasm.host".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow();
    }

    private void restartHost() throws Exception {
        Bundle host = host();
        host.stop();
        host.start();
    }

    /** The host restarted with empty caches: nothing compiled in memory nor on disk. */
    private void restartHostWithEmptyCaches() throws Exception {
        Bundle host = host();
        host.stop();
        File compiled = host.getDataFile("compiled");
        if (compiled != null && compiled.exists()) {
            try (Stream<Path> files = Files.walk(compiled.toPath())) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        host.start();
    }

    /** The plugin's line in calc:plugins, once its engine matches (compilation runs in the background). */
    private String awaitEngine(String bundleName, String engine) throws Exception {
        String[] line = {""};
        Await.until("the engine of " + bundleName + " is '" + engine + "'", () -> {
            line[0] = shell.pluginsLine(bundleName);
            return line[0].contains(engine);
        });
        return line[0];
    }

    private Path cacheFolder() throws Exception {
        Path compiled = host().getDataFile("compiled").toPath();
        try (Stream<Path> versions = Files.list(compiled)) {
            return versions.findFirst().orElseThrow();
        }
    }

    private List<Path> entries() throws Exception {
        try (Stream<Path> files = Files.list(cacheFolder())) {
            return files.filter(f -> f.toString().endsWith(".entry")).toList();
        }
    }

    @Test
    void pluginsAreCompiledByDefaultAndTheCachesServeReinstallsAndRestarts() throws Exception {
        restartHostWithEmptyCaches();
        Bundle add = installPlugin("add");
        awaitEngine("io.wasmgi.plugin.add", "compiled");
        assertEquals(3L, calc("+", 1, 2));
        assertEquals(1, entries().size(), "one compiled module in the cache");
        assertTrue(cacheFolder().getFileName().toString().startsWith("chicory-"), "keyed by the Chicory version");

        // a reinstall finds the module parsed and compiled in memory: compiled from its first call
        add.uninstall();
        installPlugin("add");
        assertTrue(
                shell.pluginsLine("io.wasmgi.plugin.add").contains("compiled (in memory)"),
                "served compiled as soon as it is registered");
        assertEquals(0L, calc("+", 4294967295L, 1));

        // after a restart, the disk cache
        restartHost();
        installPlugin("mul");
        awaitEngine("io.wasmgi.plugin.mul", "compiled");
        assertEquals(42L, calc("*", 6, 7));
        awaitEngine("io.wasmgi.plugin.add", "compiled (cache hit)");
        assertEquals(3L, calc("+", 1, 2));
    }

    @Test
    void aCorruptCacheEntryIsIgnoredAndRebuilt() throws Exception {
        restartHostWithEmptyCaches();
        installPlugin("add");
        awaitEngine("io.wasmgi.plugin.add", "compiled");
        Path entry = entries().get(0);
        byte[] good = Files.readAllBytes(entry);
        Files.write(entry, "not a jar".getBytes(StandardCharsets.US_ASCII));

        restartHost(); // the plugin is loaded again, from the disk cache
        String line = awaitEngine("io.wasmgi.plugin.add", "compiled");
        assertFalse(line.contains("cache hit"), "a corrupt entry is not a hit: " + line);
        assertEquals(3L, calc("+", 1, 2));
        byte[] rebuilt = Files.readAllBytes(entry);
        // rebuilt: a jar again after the entry's 32-byte SHA-256 (compiling twice need not give the same bytes),
        // of about the first one's size
        assertTrue(
                rebuilt[32] == 'P' && rebuilt[33] == 'K' && Math.abs(rebuilt.length - good.length) < 1024,
                "the entry was rebuilt: " + rebuilt.length + " bytes, was " + good.length);
    }

    /**
     * The container's engine through Config Admin ({@code engine}); the launcher's tests cover the framework
     * property {@code -Dwasmgi.engine=interpreter}.
     */
    @Test
    void theInterpreterIsAChoicePerPluginOrForTheContainer() throws Exception {
        shell.run("calc:config engine interpreter");
        Await.until("the engine is configured", () -> shell.out("calc:config").contains("engine = interpreter"));
        installPlugin("add");
        byte[] mul = Fixtures.pluginModule("mul");
        installModule("test.mul.compiled", mul, Map.of("Wasm-Plugin-Engine", "compiled"));
        awaitEngine("test.mul.compiled", "compiled");
        assertEquals(42L, calc("*", 6, 7));
        assertTrue(awaitEngine("io.wasmgi.plugin.add", "interpreter").contains("interpreter"));
        assertEquals(3L, calc("+", 1, 2));

        Bundle odd = installModule("test.odd", mul, Map.of("Wasm-Plugin-Engine", "jit"));
        String line = shell.pluginsLine("test.odd");
        assertTrue(line.contains("refused") && line.contains("neither compiled nor interpreter"), line);
        assertEquals(Bundle.ACTIVE, odd.getState());
    }

    @Test
    void aModuleTheCompilerCannotTakeRunsInTheInterpreter() throws Exception {
        // calc is one function of 40 000 additions: too large for one JVM method
        StringBuilder wat = new StringBuilder("(module (memory (export \"memory\") 1)"
                + " (data (i32.const 16) \"huge\\00\") (data (i32.const 32) \"huge\\00\")"
                + " (func (export \"name\") (result i32) i32.const 16)"
                + " (func (export \"operator\") (result i32) i32.const 32)"
                + " (func (export \"release_string\") (param i32))"
                + " (func (export \"calc\") (param i32 i32) (result i32) local.get 0");
        for (int i = 0; i < 40_000; i++) {
            wat.append(" local.get 1 i32.add");
        }
        wat.append("))");
        installModule("test.huge", Wat.parse(wat.toString()), Map.of());
        String line = awaitEngine("test.huge", "interpreter (compilation failed");
        assertEquals(1 + 40_000L * 2, calc("huge", 1, 2), line);
    }

    @Test
    void theDeadlineStopsCompiledCodeToo() throws Exception {
        installModule("hostile.loop", Wat.module("loop"), Map.of("Wasm-Plugin-Timeout", "200ms"));
        awaitEngine("hostile.loop", "compiled");
        assertCallFails("loop", Reason.TIMEOUT, "plugin 'loop'", "200 ms deadline");
        installPlugin("add");
        assertEquals(3L, calc("+", 1, 2));
    }

    /**
     * The compiled code looks at the deadline once per budget of loop iterations, not on every back-edge: loops of
     * every back-edge shape stop at their deadline, and so does a loop whose body is too large for the JIT (an
     * iteration of thousands of instructions, run by the JVM's own interpreter), the slowest iteration a budget
     * can be spent on. Figures are printed; the bound asserted is loose, as timings on a shared machine are.
     */
    @Test
    void compiledLoopsOfEveryShapeStopAtTheirDeadline() throws Exception {
        Map<String, String> timeout = Map.of("Wasm-Plugin-Timeout", "200ms");
        installModule("hostile.loopbrif", Wat.module("loopbrif"), timeout);
        installModule("hostile.loopbrtable", Wat.module("loopbrtable"), timeout);
        StringBuilder wat = new StringBuilder("(module (memory (export \"memory\") 1)"
                + " (data (i32.const 16) \"fatloop\\00\") (data (i32.const 32) \"fat\\00\")"
                + " (func (export \"name\") (result i32) i32.const 16)"
                + " (func (export \"operator\") (result i32) i32.const 32)"
                + " (func (export \"release_string\") (param i32))"
                + " (func (export \"calc\") (param i32 i32) (result i32) (loop $forever local.get 0");
        for (int i = 0; i < 5_000; i++) {
            wat.append(" local.get 1 i32.add");
        }
        wat.append(" local.set 0 (br_if $forever (i32.ne (local.get 1) (i32.const 7)))) local.get 0))");
        installModule("hostile.fatloop", Wat.parse(wat.toString()), timeout);
        awaitEngine("hostile.loopbrif", "compiled");
        awaitEngine("hostile.loopbrtable", "compiled");
        awaitEngine("hostile.fatloop", "compiled");
        for (int round = 0; round < 2; round++) {
            assertStoppedAtDeadline("~", "loopbrif");
            assertStoppedAtDeadline("@", "loopbrtable");
            assertStoppedAtDeadline("fat", "fatloop");
        }
    }

    private void assertStoppedAtDeadline(String symbol, String plugin) {
        long start = System.nanoTime();
        assertCallFails(symbol, Reason.TIMEOUT, "plugin '" + plugin + "'", "200 ms deadline");
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(plugin + " (compiled): stopped " + elapsed + " ms after the call began (deadline 200 ms)");
        assertTrue(elapsed < 200 + 1000, plugin + " stopped after " + elapsed + " ms");
    }

    /** Compiled calls enter the compiled function directly: a fault there is the same fault as interpreted. */
    @Test
    void faultsInCompiledCodeNameThePluginAndTheCause() throws Exception {
        List<String> names = List.of("divzero", "unreachable", "oob", "recurse", "exit");
        for (String name : names) {
            installModule("hostile." + name, Wat.module(name), Map.of());
        }
        for (String name : names) {
            awaitEngine("hostile." + name, "compiled");
        }
        assertCallFails("div", Reason.FAULT, "plugin 'divzero'", "divide by zero");
        assertEquals(2L, calc("div", 6, 3), "a fresh instance serves the next call");
        assertCallFails("trap", Reason.FAULT, "plugin 'unreachable'", "unreachable");
        assertCallFails("oob", Reason.FAULT, "plugin 'oob'", "out of bounds");
        assertCallFails("rec", Reason.FAULT, "plugin 'recurse'", "stack");
        assertCallFails("exit", Reason.FAULT, "plugin 'exit'", "proc_exit(3)");
        installPlugin("mul");
        awaitEngine("io.wasmgi.plugin.mul", "compiled");
        assertEquals(42L, calc("*", 6, 7));
        assertEquals(4294967294L, calc("*", 4294967295L, 2), "wraps modulo 2^32, unsigned");
    }
}
