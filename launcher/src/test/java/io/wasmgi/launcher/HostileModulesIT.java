package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;

/**
 * Plugins that misbehave, one way each: every one gets a clear error naming it and the cause, and afterwards
 * the container and the well-behaved plugins still answer right.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileModulesIT extends InContainerTest {

    @BeforeEach
    void installTheWellBehavedPlugins() throws Exception {
        install(TestPaths.plugin("add"));
        install(TestPaths.plugin("mul"));
    }

    private Bundle installModule(String name, byte[] module) throws Exception {
        return install(TestBundles.plugin(work, "hostile." + name, module, Map.of()));
    }

    private OperatorHandle operator(String symbol) throws Exception {
        return new OperatorHandle(context, Services.operator(context, symbol));
    }

    /** The well-behaved plugins still answer right, and the shell still works. */
    private void assertContainerHealthy() throws Exception {
        assertEquals(3L, Services.calc(context, "+", 1, 2));
        assertEquals(42L, Services.calc(context, "*", 6, 7));
        assertEquals(0L, Services.calc(context, "+", 4294967295L, 1));
        assertEquals(42L, gogo.run("calc:calc '6 * 7'").value());
    }

    private RuntimeException callFails(String symbol, String reason, String... messageParts) throws Exception {
        return OperatorHandle.assertCallFails(context, symbol, reason, messageParts);
    }

    // ---- faults at call time ----

    @Test
    void aRunawayLoopIsStoppedAtItsDeadline() throws Exception {
        installModule("loop", Wat.module("loop"));
        long start = System.nanoTime();
        callFails("loop", "TIMEOUT", "plugin 'loop'", "deadline");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("runaway loop stopped after " + elapsedMs + " ms (deadline 1000 ms)");
        // the next call gets a fresh instance, and is stopped again
        callFails("loop", "TIMEOUT", "plugin 'loop'");
        assertContainerHealthy();
        assertEquals(0, Thread.currentThread().isInterrupted() ? 1 : 0, "the caller's interrupt flag is clear");
    }

    @Test
    void startFunctionsThatNeverReturnAreRefusedAtTheirDeadline() throws Exception {
        Bundle bundle = installModule("startloop", Wat.module("startloop"));
        assertRefused(bundle, "deadline");
    }

    @Test
    void unboundedRecursionExhaustsTheStackNotTheContainer() throws Exception {
        installModule("recurse", Wat.module("recurse"));
        callFails("rec", "FAULT", "plugin 'recurse'", "stack");
        assertContainerHealthy();
    }

    @Test
    void memoryGrowFailsInsideThePluginAtItsLimit() throws Exception {
        installModule("grow", Wat.module("grow"));
        // memory.grow returns -1 at the limit, as wasm says it must; the plugin reports how far it got
        assertEquals(256L, operator("grow").calc(1, 2));
        assertContainerHealthy();
    }

    @Test
    void aPluginBundleCanAskForOtherLimits() throws Exception {
        install(TestBundles.plugin(
                work, "hostile.smallgrow", Wat.module("grow"), Map.of("Wasm-Plugin-Memory-Max", "2MiB")));
        assertEquals(32L, operator("grow").calc(1, 2), "2 MiB is 32 pages");
        install(TestBundles.plugin(
                work, "hostile.quickloop", Wat.module("loop"), Map.of("Wasm-Plugin-Timeout", "100ms")));
        callFails("loop", "TIMEOUT", "plugin 'loop'", "100 ms deadline");
        assertContainerHealthy();
    }

    @Test
    void trapsBecomeFaultsAndAFreshInstanceServesTheNextCall() throws Exception {
        installModule("divzero", Wat.module("divzero"));
        installModule("unreachable", Wat.module("unreachable"));
        installModule("oob", Wat.module("oob"));
        callFails("div", "FAULT", "plugin 'divzero'", "divide by zero");
        assertEquals(2L, operator("div").calc(6, 3));
        callFails("trap", "FAULT", "plugin 'unreachable'", "unreachable");
        callFails("oob", "FAULT", "plugin 'oob'", "out of bounds");
        assertContainerHealthy();
    }

    @Test
    void procExitEndsTheCallNotTheContainer() throws Exception {
        installModule("exit", Wat.module("exit"));
        callFails("exit", "FAULT", "plugin 'exit'", "proc_exit(3)");
        assertContainerHealthy();
    }

    @Test
    void oneHundredMegabytesOfOutputAreBounded() throws Exception {
        installModule("flood", Wat.module("flood"));
        Runtime rt = Runtime.getRuntime();
        try {
            assertEquals(1600L, operator("flood").calc(1, 2));
        } catch (RuntimeException timedOut) {
            assertEquals("TIMEOUT", OperatorHandle.reason(timedOut), timedOut.getMessage());
        }
        assertTrue(rt.totalMemory() - rt.freeMemory() < rt.maxMemory(), "the heap survived");
        assertContainerHealthy();
    }

    @Test
    void noFileIsGranted() throws Exception {
        installModule("openfile", Wat.module("openfile"));
        long errno = operator("open").calc(1, 2);
        assertNotEquals(0L, errno, "path_open must fail: no directory is granted");
        assertContainerHealthy();
    }

    // ---- refused at install ----

    private void assertRefused(Bundle bundle, String... reasonParts) throws Exception {
        assertEquals(Bundle.ACTIVE, bundle.getState(), "a refused plugin's bundle stays installed");
        assertEquals(
                List.of(),
                Services.find(context, Services.CALC_OPERATOR, "(objectClass=*)").stream()
                        .filter(r -> r.getBundle().equals(bundle))
                        .toList(),
                "nothing of a refused plugin is registered");
        String line = gogo.run("calc:plugins")
                .out()
                .lines()
                .filter(l -> l.contains(bundle.getSymbolicName()))
                .findFirst()
                .orElseThrow();
        assertTrue(line.contains("refused"), line);
        for (String part : reasonParts) {
            assertTrue(line.contains(part), "'" + line + "' lacks '" + part + "'");
        }
        assertContainerHealthy();
    }

    @Test
    void badStringPointersAreRefused() throws Exception {
        assertRefused(installModule("badpointer", Wat.module("badpointer")), "0xfffffff0", "outside");
        assertRefused(installModule("pastend", Wat.module("pastend")), "0x00010000", "outside");
        assertRefused(installModule("nonul", Wat.module("nonul")), "longer than 256 bytes");
    }

    @Test
    void modulesThatBreakTheAbiAreRefusedWithTheReason() throws Exception {
        assertRefused(installModule("missingexport", Wat.module("missingexport")), "missing export 'calc'");
        assertRefused(installModule("wrongsignature", Wat.module("wrongsignature")), "export 'calc' has signature");
        assertRefused(
                installModule("unknownimport", Wat.module("unknownimport")),
                "imports that the host does not provide: env.system");
        assertRefused(installModule("nomemory", Wat.module("nomemory")), "missing export 'memory'");
    }

    @Test
    void malformedEmptyAndOversizedModulesAreRefused() throws Exception {
        assertRefused(
                installModule("malformed", "this is not wasm".getBytes(StandardCharsets.US_ASCII)),
                "not a valid wasm module");
        assertRefused(installModule("empty", new byte[0]), "empty");
        byte[] huge = Arrays.copyOf(Wat.module("loop"), 17 * 1024 * 1024);
        assertRefused(installModule("huge", huge), "larger than the limit of 16777216 bytes");
    }
}
