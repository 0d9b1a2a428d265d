package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/** Plugins run compiled by default, from a cache that survives reinstalls and restarts and is never trusted blindly. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CompiledEngineIT {

    @TempDir
    Path work;

    private TestContainer running;
    private BundleContext context;
    private Gogo gogo;

    private void start(Map<String, String> config) throws Exception {
        running = TestContainer.start(work, config);
        context = running.context;
        gogo = running.gogo;
    }

    private void restartKeepingStorage() throws Exception {
        stop();
        start(Map.of(Constants.FRAMEWORK_STORAGE_CLEAN, "none"));
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    private Bundle install(Path jar) throws Exception {
        return running.install(jar);
    }

    /** The plugin's line in calc:plugins, once its engine matches (compilation runs in the background). */
    private String awaitEngine(String bundleName, String engine) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line = "";
        while (System.nanoTime() < end) {
            line = gogo.run("calc:plugins")
                    .out()
                    .lines()
                    .filter(l -> l.contains(bundleName))
                    .findFirst()
                    .orElse("");
            if (line.contains(engine)) {
                return line;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("engine of " + bundleName + " never became '" + engine + "': " + line);
    }

    private Path cacheFolder() throws Exception {
        Bundle host = Stream.of(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("io.wasmgi.wasm.host"))
                .findFirst()
                .orElseThrow();
        Path compiled =
                work.resolve("storage").resolve("bundle" + host.getBundleId()).resolve("data/compiled");
        try (Stream<Path> versions = Files.list(compiled)) {
            return versions.findFirst().orElseThrow();
        }
    }

    private List<Path> entries() throws Exception {
        try (Stream<Path> files = Files.list(cacheFolder())) {
            return files.filter(f -> f.toString().endsWith(".entry")).collect(Collectors.toList());
        }
    }

    @Test
    void pluginsAreCompiledByDefaultAndTheCachesServeReinstallsAndRestarts() throws Exception {
        start(Map.of());
        Bundle add = install(TestPaths.plugin("add"));
        awaitEngine("io.wasmgi.plugin.add", "compiled");
        assertEquals(3L, Services.calc(context, "+", 1, 2));
        assertEquals(1, entries().size(), "one compiled module in the cache");
        assertTrue(cacheFolder().getFileName().toString().startsWith("chicory-"), "keyed by the Chicory version");

        // a reinstall finds the module parsed and compiled in memory: compiled from its first call
        add.uninstall();
        install(TestPaths.plugin("add"));
        assertTrue(
                gogo.run("calc:plugins")
                        .out()
                        .lines()
                        .anyMatch(l -> l.contains("io.wasmgi.plugin.add") && l.contains("compiled (in memory)")),
                "served compiled as soon as it is registered");
        assertEquals(0L, Services.calc(context, "+", 4294967295L, 1));

        // after a restart, the disk cache
        restartKeepingStorage();
        install(TestPaths.plugin("mul"));
        awaitEngine("io.wasmgi.plugin.mul", "compiled");
        assertEquals(42L, Services.calc(context, "*", 6, 7));
        awaitEngine("io.wasmgi.plugin.add", "compiled (cache hit)");
        assertEquals(3L, Services.calc(context, "+", 1, 2));
    }

    @Test
    void aCorruptCacheEntryIsIgnoredAndRebuilt() throws Exception {
        start(Map.of());
        install(TestPaths.plugin("add"));
        awaitEngine("io.wasmgi.plugin.add", "compiled");
        Path entry = entries().get(0);
        byte[] good = Files.readAllBytes(entry);
        Files.write(entry, "not a jar".getBytes(StandardCharsets.US_ASCII));

        restartKeepingStorage(); // the plugin is loaded again, from the disk cache
        String line = awaitEngine("io.wasmgi.plugin.add", "compiled");
        assertTrue(!line.contains("cache hit"), "a corrupt entry is not a hit: " + line);
        assertEquals(3L, Services.calc(context, "+", 1, 2));
        byte[] rebuilt = Files.readAllBytes(entry);
        // rebuilt: a jar again after the entry's 32-byte SHA-256 (compiling twice need not give the same bytes),
        // of about the first one's size
        assertTrue(
                rebuilt[32] == 'P' && rebuilt[33] == 'K' && Math.abs(rebuilt.length - good.length) < 1024,
                "the entry was rebuilt: " + rebuilt.length + " bytes, was " + good.length);
    }

    @Test
    void theInterpreterIsAChoicePerPluginOrForTheContainer() throws Exception {
        start(Map.of("wasmgi.engine", "interpreter"));
        install(TestPaths.plugin("add"));
        byte[] mul = Files.readAllBytes(TestPaths.pluginModule("mul"));
        install(TestBundles.plugin(work, "test.mul.compiled", mul, Map.of("Wasm-Plugin-Engine", "compiled")));
        awaitEngine("test.mul.compiled", "compiled");
        assertEquals(42L, Services.calc(context, "*", 6, 7));
        Thread.sleep(200);
        assertTrue(awaitEngine("io.wasmgi.plugin.add", "interpreter").contains("interpreter"));
        assertEquals(3L, Services.calc(context, "+", 1, 2));

        Bundle odd = install(TestBundles.plugin(work, "test.odd", mul, Map.of("Wasm-Plugin-Engine", "jit")));
        String line = gogo.run("calc:plugins")
                .out()
                .lines()
                .filter(l -> l.contains("test.odd"))
                .findFirst()
                .orElseThrow();
        assertTrue(line.contains("refused") && line.contains("neither compiled nor interpreter"), line);
        assertEquals(Bundle.ACTIVE, odd.getState());
    }

    @Test
    void aModuleTheCompilerCannotTakeRunsInTheInterpreter() throws Exception {
        start(Map.of());
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
        install(TestBundles.plugin(
                work, "test.huge", com.dylibso.chicory.wabt.Wat2Wasm.parse(wat.toString()), Map.of()));
        String line = awaitEngine("test.huge", "interpreter (compilation failed");
        assertEquals(1 + 40_000L * 2, Services.calc(context, "huge", 1, 2), line);
    }

    @Test
    void theDeadlineStopsCompiledCodeToo() throws Exception {
        start(Map.of());
        install(TestBundles.plugin(work, "hostile.loop", Wat.module("loop"), Map.of("Wasm-Plugin-Timeout", "200ms")));
        awaitEngine("hostile.loop", "compiled");
        OperatorHandle.assertCallFails(context, "loop", "TIMEOUT", "plugin 'loop'", "200 ms deadline");
        install(TestPaths.plugin("add"));
        assertEquals(3L, Services.calc(context, "+", 1, 2));
    }

    /**
     * The compiled code looks at the deadline once per budget of loop iterations, not on every back-edge: loops of
     * every back-edge shape stop at their deadline, and so does a loop whose body is too large for the JIT (an
     * iteration of thousands of instructions, run by the JVM's own interpreter), the slowest iteration a budget
     * can be spent on. Figures are printed; the bound asserted is loose, as timings on a shared machine are.
     */
    @Test
    void compiledLoopsOfEveryShapeStopAtTheirDeadline() throws Exception {
        start(Map.of());
        Map<String, String> timeout = Map.of("Wasm-Plugin-Timeout", "200ms");
        install(TestBundles.plugin(work, "hostile.loopbrif", Wat.module("loopbrif"), timeout));
        install(TestBundles.plugin(work, "hostile.loopbrtable", Wat.module("loopbrtable"), timeout));
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
        install(TestBundles.plugin(
                work, "hostile.fatloop", com.dylibso.chicory.wabt.Wat2Wasm.parse(wat.toString()), timeout));
        awaitEngine("hostile.loopbrif", "compiled");
        awaitEngine("hostile.loopbrtable", "compiled");
        awaitEngine("hostile.fatloop", "compiled");
        for (int round = 0; round < 2; round++) {
            assertStoppedAtDeadline("~", "loopbrif");
            assertStoppedAtDeadline("@", "loopbrtable");
            assertStoppedAtDeadline("fat", "fatloop");
        }
    }

    private void assertStoppedAtDeadline(String symbol, String plugin) throws Exception {
        long start = System.nanoTime();
        OperatorHandle.assertCallFails(context, symbol, "TIMEOUT", "plugin '" + plugin + "'", "200 ms deadline");
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(plugin + " (compiled): stopped " + elapsed + " ms after the call began (deadline 200 ms)");
        assertTrue(elapsed < 200 + 1000, plugin + " stopped after " + elapsed + " ms");
    }

    /** Compiled calls enter the compiled function directly: a fault there is the same fault as interpreted. */
    @Test
    void faultsInCompiledCodeNameThePluginAndTheCause() throws Exception {
        start(Map.of());
        for (String name : List.of("divzero", "unreachable", "oob", "recurse", "exit")) {
            install(TestBundles.plugin(work, "hostile." + name, Wat.module(name), Map.of()));
        }
        for (String name : List.of("divzero", "unreachable", "oob", "recurse", "exit")) {
            awaitEngine("hostile." + name, "compiled");
        }
        OperatorHandle.assertCallFails(context, "div", "FAULT", "plugin 'divzero'", "divide by zero");
        assertEquals(2L, Services.calc(context, "div", 6, 3), "a fresh instance serves the next call");
        OperatorHandle.assertCallFails(context, "trap", "FAULT", "plugin 'unreachable'", "unreachable");
        OperatorHandle.assertCallFails(context, "oob", "FAULT", "plugin 'oob'", "out of bounds");
        OperatorHandle.assertCallFails(context, "rec", "FAULT", "plugin 'recurse'", "stack");
        OperatorHandle.assertCallFails(context, "exit", "FAULT", "plugin 'exit'", "proc_exit(3)");
        install(TestPaths.plugin("mul"));
        awaitEngine("io.wasmgi.plugin.mul", "compiled");
        assertEquals(42L, Services.calc(context, "*", 6, 7));
        assertEquals(4294967294L, Services.calc(context, "*", 4294967295L, 2), "wraps modulo 2^32, unsigned");
    }
}
