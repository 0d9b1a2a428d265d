package io.wasmgi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.osgi.test.common.annotation.InjectService;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcException.Reason;
import io.wasmgi.calc.api.CalcOperator;
import io.wasmgi.testsupport.Wat;

/**
 * Plugins that misbehave, one way each: every one gets a clear error naming it and the cause, and afterwards
 * the container and the well-behaved plugins still answer right.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileModulesTest extends FrameworkTest {

    @BeforeEach
    void installTheWellBehavedPlugins() throws Exception {
        installPlugin("add");
        installPlugin("mul");
    }

    private Bundle installHostile(String name, byte[] module) throws Exception {
        return installModule("hostile." + name, module, Map.of());
    }

    /** The well-behaved plugins still answer right, and the shell still works. */
    private void assertContainerHealthy() throws Exception {
        assertEquals(3L, calc("+", 1, 2));
        assertEquals(42L, calc("*", 6, 7));
        assertEquals(0L, calc("+", 4294967295L, 1));
        assertEquals(42L, shell.run("calc:calc '6 * 7'").value());
    }

    // ---- faults at call time ----

    /** The well-behaved add, injected (test parameters are resolved after {@code @BeforeEach} installed it). */
    @Test
    void aRunawayLoopIsStoppedAtItsDeadline(@InjectService(filter = "(calc.operator.symbol=+)") CalcOperator add)
            throws Exception {
        installHostile("loop", Wat.module("loop"));
        long start = System.nanoTime();
        assertCallFails("loop", Reason.TIMEOUT, "plugin 'loop'", "deadline");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("runaway loop stopped after " + elapsedMs + " ms (deadline 1000 ms)");
        // the next call gets a fresh instance, and is stopped again
        assertCallFails("loop", Reason.TIMEOUT, "plugin 'loop'");
        assertContainerHealthy();
        assertEquals(5L, add.calc(2, 3), "the injected operator serves on");
        assertFalse(Thread.currentThread().isInterrupted(), "the caller's interrupt flag is clear");
    }

    @Test
    void startFunctionsThatNeverReturnAreRefusedAtTheirDeadline() throws Exception {
        assertRefused(installHostile("startloop", Wat.module("startloop")), "deadline");
    }

    @Test
    void unboundedRecursionExhaustsTheStackNotTheContainer() throws Exception {
        installHostile("recurse", Wat.module("recurse"));
        assertCallFails("rec", Reason.FAULT, "plugin 'recurse'", "stack");
        assertContainerHealthy();
    }

    @Test
    void memoryGrowFailsInsideThePluginAtItsLimit() throws Exception {
        installHostile("grow", Wat.module("grow"));
        // memory.grow returns -1 at the limit, as wasm says it must; the plugin reports how far it got
        assertEquals(256L, calc("grow", 1, 2));
        assertContainerHealthy();
    }

    @Test
    void aPluginBundleCanAskForOtherLimits() throws Exception {
        installModule("hostile.smallgrow", Wat.module("grow"), Map.of("Wasm-Plugin-Memory-Max", "2MiB"));
        assertEquals(32L, calc("grow", 1, 2), "2 MiB is 32 pages");
        installModule("hostile.quickloop", Wat.module("loop"), Map.of("Wasm-Plugin-Timeout", "100ms"));
        assertCallFails("loop", Reason.TIMEOUT, "plugin 'loop'", "100 ms deadline");
        assertContainerHealthy();
    }

    @Test
    void trapsBecomeFaultsAndAFreshInstanceServesTheNextCall() throws Exception {
        installHostile("divzero", Wat.module("divzero"));
        installHostile("unreachable", Wat.module("unreachable"));
        installHostile("oob", Wat.module("oob"));
        assertCallFails("div", Reason.FAULT, "plugin 'divzero'", "divide by zero");
        assertEquals(2L, calc("div", 6, 3));
        assertCallFails("trap", Reason.FAULT, "plugin 'unreachable'", "unreachable");
        assertCallFails("oob", Reason.FAULT, "plugin 'oob'", "out of bounds");
        assertContainerHealthy();
    }

    @Test
    void procExitEndsTheCallNotTheContainer() throws Exception {
        installHostile("exit", Wat.module("exit"));
        assertCallFails("exit", Reason.FAULT, "plugin 'exit'", "proc_exit(3)");
        assertContainerHealthy();
    }

    /** 100 MB of output: the plugin either finishes (its output cut short) or meets its deadline. */
    @Test
    void oneHundredMegabytesOfOutputAreBounded() throws Exception {
        installHostile("flood", Wat.module("flood"));
        try {
            assertEquals(1600L, calc("flood", 1, 2));
        } catch (CalcException timedOut) {
            assertEquals(Reason.TIMEOUT, timedOut.reason(), timedOut.getMessage());
        }
        assertContainerHealthy();
    }

    @Test
    void noFileIsGranted() throws Exception {
        installHostile("openfile", Wat.module("openfile"));
        long errno = calc("open", 1, 2);
        assertNotEquals(0L, errno, "path_open must fail: no directory is granted");
        assertContainerHealthy();
    }

    // ---- refused at install ----

    private void assertRefused(Bundle bundle, String... reasonParts) throws Exception {
        assertEquals(Bundle.ACTIVE, bundle.getState(), "a refused plugin's bundle stays installed");
        assertEquals(
                List.of(),
                operators(null).stream()
                        .filter(r -> r.getBundle().equals(bundle))
                        .toList(),
                "nothing of a refused plugin is registered");
        String line = shell.pluginsLine(bundle.getSymbolicName());
        assertTrue(line.contains("refused"), line);
        for (String part : reasonParts) {
            assertTrue(line.contains(part), "'" + line + "' lacks '" + part + "'");
        }
        assertContainerHealthy();
    }

    @Test
    void badStringPointersAreRefused() throws Exception {
        assertRefused(installHostile("badpointer", Wat.module("badpointer")), "0xfffffff0", "outside");
        assertRefused(installHostile("pastend", Wat.module("pastend")), "0x00010000", "outside");
        assertRefused(installHostile("nonul", Wat.module("nonul")), "longer than 256 bytes");
    }

    @Test
    void modulesThatBreakTheAbiAreRefusedWithTheReason() throws Exception {
        assertRefused(installHostile("missingexport", Wat.module("missingexport")), "missing export 'calc'");
        assertRefused(installHostile("wrongsignature", Wat.module("wrongsignature")), "export 'calc' has signature");
        assertRefused(
                installHostile("unknownimport", Wat.module("unknownimport")),
                "imports that the host does not provide: env.system");
        assertRefused(installHostile("nomemory", Wat.module("nomemory")), "missing export 'memory'");
    }

    @Test
    void malformedEmptyAndOversizedModulesAreRefused() throws Exception {
        assertRefused(
                installHostile("malformed", "this is not wasm".getBytes(StandardCharsets.US_ASCII)),
                "not a valid wasm module");
        assertRefused(installHostile("empty", new byte[0]), "empty");
        byte[] huge = Arrays.copyOf(Wat.module("loop"), 17 * 1024 * 1024);
        assertRefused(installHostile("huge", huge), "larger than the limit of 16777216 bytes");
    }
}
