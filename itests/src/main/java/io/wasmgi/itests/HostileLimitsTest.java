package io.wasmgi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcException.Reason;
import io.wasmgi.calc.api.CalcOperator;
import io.wasmgi.testsupport.Await;
import io.wasmgi.testsupport.Wat;

/**
 * The sandbox's limits against plugins written to break them: deadlines in every engine and loop shape, state
 * that must not leak between instances, resources the engine cannot bound, look-alike symbols, and limit values
 * that overflow. Each attack fails with a reason naming the plugin, and the container stays healthy.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileLimitsTest extends FrameworkTest {

    @BeforeEach
    void installTheWellBehavedPlugins() throws Exception {
        installPlugin("add");
        installPlugin("mul");
    }

    private Bundle installHostile(String name, byte[] module, Map<String, String> headers) throws Exception {
        return installModule("hostile." + name, module, headers);
    }

    private void assertContainerHealthy() throws Exception {
        assertEquals(3L, calc("+", 1, 2));
        assertEquals(42L, calc("*", 6, 7));
        assertEquals(42L, shell.run("calc:calc '6 * 7'").value());
    }

    private String pluginsRow(Bundle bundle) throws Exception {
        String row = shell.pluginsLine(bundle.getSymbolicName());
        if (row.isEmpty()) {
            throw new AssertionError(bundle.getSymbolicName() + " not in\n" + shell.out("calc:plugins"));
        }
        return row;
    }

    /** The lines calc:plugins shows for one plugin: its row and, for a serving plugin, its limits. */
    private String pluginsLines(Bundle bundle) throws Exception {
        List<String> lines = shell.out("calc:plugins").lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(bundle.getSymbolicName())) {
                return lines.get(i) + (i + 1 < lines.size() ? "\n" + lines.get(i + 1) : "");
            }
        }
        throw new AssertionError(bundle.getSymbolicName() + " not in calc:plugins");
    }

    private void assertRefused(Bundle bundle, String... reasonParts) throws Exception {
        String row = pluginsRow(bundle);
        assertTrue(row.contains("refused"), row);
        for (String part : reasonParts) {
            assertTrue(row.contains(part), "'" + row + "' lacks '" + part + "'");
        }
        assertEquals(
                List.of(),
                operators(null).stream()
                        .filter(r -> r.getBundle().equals(bundle))
                        .toList(),
                "nothing of a refused plugin is registered");
        assertContainerHealthy();
    }

    /** The call fails as a timeout, stopped well before a second past its deadline. */
    private void assertStoppedAtDeadline(String symbol, String plugin, long deadlineMs) throws Exception {
        long start = System.nanoTime();
        assertCallFails(
                symbol, Reason.TIMEOUT, "plugin '" + plugin + "'", "ran past its " + deadlineMs + " ms deadline");
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(
                plugin + ": stopped " + elapsed + " ms after the call began (deadline " + deadlineMs + " ms)");
        assertTrue(elapsed < deadlineMs + 1000, "stopped after " + elapsed + " ms");
    }

    // ---- deadlines ----

    @Test
    void interpretedLoopsOnBrIfAndBrTableMeetTheirDeadline() throws Exception {
        Map<String, String> interpreted = Map.of("Wasm-Plugin-Engine", "interpreter", "Wasm-Plugin-Timeout", "200ms");
        installHostile("loopbrif", Wat.module("loopbrif"), interpreted);
        installHostile("loopbrtable", Wat.module("loopbrtable"), interpreted);
        assertStoppedAtDeadline("~", "loopbrif", 200);
        assertStoppedAtDeadline("@", "loopbrtable", 200);
        assertStoppedAtDeadline("~", "loopbrif", 200); // and again, on a fresh instance
        assertContainerHealthy();
    }

    @Test
    void aLoopCalledRightAfterInstallIsStoppedWhileTheCompilerStillWorks() throws Exception {
        // the interpreter serves the first calls of every plugin, until its compiled code is ready
        installHostile("loopbrif", Wat.module("loopbrif"), Map.of("Wasm-Plugin-Timeout", "150ms"));
        assertStoppedAtDeadline("~", "loopbrif", 150);
        assertContainerHealthy();
    }

    @Test
    void uninstallingAPluginEndsItsRunningCalls() throws Exception {
        Bundle loop = installHostile(
                "loopbrif",
                Wat.module("loopbrif"),
                Map.of("Wasm-Plugin-Engine", "interpreter", "Wasm-Plugin-Timeout", "30s"));
        CalcOperator op = operator("~");
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
            try {
                return op.calc(1, 2);
            } catch (RuntimeException e) {
                return e;
            }
        });
        Thread.sleep(300); // the call is running
        long start = System.nanoTime();
        loop.uninstall();
        Object outcome = call.get(5, TimeUnit.SECONDS);
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(outcome instanceof CalcException, "the call failed: " + outcome);
        assertEquals(Reason.GONE, ((CalcException) outcome).reason(), outcome.toString());
        assertTrue(elapsed < 2000, "ended " + elapsed + " ms after the uninstall, not at its 30 s deadline");
        assertContainerHealthy();
    }

    // ---- state and resources ----

    @Test
    void aGrownTableNeverLeaksIntoAnotherInstanceOrBundle() throws Exception {
        byte[] module = Wat.module("tablegrow");
        installHostile("tablegrow", module, Map.of());
        CalcOperator first = operator("tg");
        assertEquals(11L, first.calc(1, 10));
        assertEquals(21L, first.calc(1, 10), "the same instance keeps its own growth");
        CalcException trap = assertThrows(CalcException.class, () -> first.calc(0, 0)); // the instance is thrown away
        assertEquals(Reason.FAULT, trap.reason(), trap.getMessage());
        assertEquals(11L, first.calc(1, 10), "a fresh instance starts with the module's one entry");

        Bundle twin = installHostile("tablegrow.twin", module, Map.of("Wasm-Plugin-Ranking", "5"));
        CalcOperator other = operator("tg");
        assertEquals(twin, operatorRef("tg").getBundle());
        assertEquals(11L, other.calc(1, 10), "another bundle with the same module starts afresh too");

        assertEquals(0xFFFFFFFFL, other.calc(1, 1_000_000), "growth past the table limit fails inside the plugin");
        assertContainerHealthy();
    }

    @Test
    void aHugeTableIsRefusedNotAllocated() throws Exception {
        assertRefused(
                installHostile("hugetable", Wat.module("hugetable"), Map.of()), "10000000 entries", "limit of 65536");
    }

    @Test
    void featuresTheEngineDoesNotRunAreRefusedAtInstall() throws Exception {
        assertRefused(installHostile("simd", Wat.module("simd"), Map.of()), "uses SIMD");
        assertRefused(
                installHostile("initparams", Wat.module("initparams"), Map.of()), "export '_initialize' has signature");
        byte[] base = Wat.module("onememory");
        // memory section: one memory, limits 1..1  ->  shared, or two memories
        byte[] shared =
                replaceOnce(base, bytes(0x05, 0x04, 0x01, 0x01, 0x01, 0x01), bytes(0x05, 0x04, 0x01, 0x03, 0x01, 0x01));
        byte[] twoMemories = replaceOnce(
                base,
                bytes(0x05, 0x04, 0x01, 0x01, 0x01, 0x01),
                bytes(0x05, 0x07, 0x02, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01));
        // i32.load offset 0 align 2, nop  ->  i32.atomic.load offset 0 align 2 (same length)
        byte[] atomic = replaceOnce(base, bytes(0x28, 0x02, 0x00, 0x01), bytes(0xFE, 0x10, 0x02, 0x00));
        assertRefused(installHostile("shared", shared, Map.of()), "shared memory");
        assertRefused(installHostile("twomemories", twoMemories, Map.of()), "2 memories");
        assertRefused(installHostile("atomic", atomic, Map.of()), "atomic");
    }

    @Test
    void lookAlikeSymbolsAreRefused() throws Exception {
        Bundle lookalike = installHostile("lookalike", Wat.module("lookalike"), Map.of("Wasm-Plugin-Ranking", "1000"));
        assertRefused(lookalike, "'+\\u200b'", "invisible");
        assertEquals(3L, calc("+", 1, 2), "the real add still serves '+'");
    }

    // ---- limit values ----

    @Test
    void overflowingManifestValuesAreCappedNeverWrappedNorUnlimited() throws Exception {
        Bundle plugin = installHostile(
                "bigtimeout",
                Wat.module("loopbrif"),
                Map.of("Wasm-Plugin-Timeout", "9300000000000000s", "Wasm-Plugin-Pool-Size", "4294967297"));
        String lines = pluginsLines(plugin);
        assertTrue(lines.contains("timeout 30s (manifest, capped)"), lines);
        assertTrue(lines.contains("x 16 instances (manifest, capped)"), lines);
        Bundle refused = installHostile(
                "badmemory", Wat.module("loopbrif"), Map.of("Wasm-Plugin-Memory-Max", "99999999999999999999GiB"));
        assertRefused(refused, "Wasm-Plugin-Memory-Max", "is not a size");
    }

    @Test
    void aBadConfigurationValueIsRefusedAtThePromptAndTakesNothingOffline() throws Exception {
        for (String command : new String[] {
            "calc:config timeout -5",
            "calc:config timeout abc",
            "calc:config timeout 0ms",
            "calc:config pool.size 0",
            "calc:config engine turbo",
            "calc:config timout 250ms",
            "calc:config plugin.io.wasmgi.plugin.add.timeout never"
        }) {
            Shell.Result result = shell.run(command);
            assertTrue(result.err().contains("nothing was changed"), command + ": " + result.err());
            assertContainerHealthy();
        }
        assertTrue(
                shell.run("calc:config timout 250ms").err().contains("memory.max, timeout"),
                "an unknown key is refused with the list of keys");
        Shell.Result capped = shell.run("calc:config memory.max 1TiB");
        assertTrue(capped.out().contains("256MiB applies"), capped.out());
        assertContainerHealthy();
        Await.until(
                "the capped value is configured", () -> shell.out("calc:config").contains("memory.max = 256MiB"));
        assertEquals("256MiB", hostConfiguration().getProperties().get("memory.max"), "stored in Config Admin, capped");
    }

    @Test
    void theMemoryBudgetRefusesAPluginThatWouldExceedItAndKeepsTheOthersServing() throws Exception {
        shell.run("calc:config pool.size 1"); // add and mul: 16 MiB each
        shell.run("calc:config memory.budget 40MiB");
        Await.until(
                "the budget applies",
                () -> shell.out("calc:config").contains("budget of all plugins together (memory.budget): 40MiB"));
        Bundle grow = installHostile("grow", Wat.module("grow"), Map.of("Wasm-Plugin-Memory-Max", "32MiB"));
        assertRefused(grow, "needs 32MiB", "memory budget is 40MiB", "memory.budget");
        shell.run("calc:config memory.budget 1GiB");
        Await.until("grow serves once the budget allows", () -> pluginsRow(grow).contains("active"));
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** A binary edit of a module, for proposals Chicory's wat2wasm does not assemble. */
    private static byte[] replaceOnce(byte[] module, byte[] from, byte[] to) {
        int at = -1;
        for (int i = 0; i + from.length <= module.length; i++) {
            if (Arrays.equals(module, i, i + from.length, from, 0, from.length)) {
                if (at >= 0) {
                    throw new IllegalArgumentException("the pattern occurs twice");
                }
                at = i;
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException("the pattern is not in the module");
        }
        byte[] out = new byte[module.length - from.length + to.length];
        System.arraycopy(module, 0, out, 0, at);
        System.arraycopy(to, 0, out, at, to.length);
        System.arraycopy(module, at + from.length, out, at + to.length, module.length - at - from.length);
        return out;
    }
}
