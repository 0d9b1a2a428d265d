package io.wasmgi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcException.Reason;
import io.wasmgi.testsupport.Await;
import io.wasmgi.testsupport.Wat;

/**
 * Plugins that attack through WASI: calls spent inside WASI are stopped at their deadline and reported as such,
 * and a granted directory does not leak through symbolic links. Afterwards the container and the well-behaved
 * plugins still answer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileWasiTest extends FrameworkTest {

    private static final long DEADLINE_MS = 200;
    /** Errno EPERM: what the host answers to any path that would leave the granted directory. */
    private static final long EPERM = 63;

    @BeforeEach
    void installTheWellBehavedPlugins() throws Exception {
        installPlugin("add");
        installPlugin("mul");
    }

    private void assertContainerHealthy() throws Exception {
        assertEquals(3L, calc("+", 1, 2));
        assertEquals(42L, calc("*", 6, 7));
        assertEquals(42L, shell.run("calc:calc '6 * 7'").value());
    }

    private void assertStoppedAtTheDeadline(String symbol, String plugin) {
        long start = System.nanoTime();
        CalcException e =
                assertCallFails(symbol, Reason.TIMEOUT, "plugin '" + plugin + "'", DEADLINE_MS + " ms deadline");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(
                plugin + " stopped after " + elapsedMs + " ms (deadline " + DEADLINE_MS + " ms): " + e.getMessage());
        assertTrue(elapsedMs < DEADLINE_MS + 1000, plugin + " stopped after " + elapsedMs + " ms, not at its deadline");
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void fdWriteLoopsWithHugeIovecArraysAreStoppedAtTheDeadline() throws Exception {
        installModule("hostile.wasiwrite", Wat.module("wasiwrite"), Map.of("Wasm-Plugin-Timeout", DEADLINE_MS + "ms"));
        assertStoppedAtTheDeadline("wwrite", "wasiwrite");
        assertStoppedAtTheDeadline("wwrite", "wasiwrite");
        assertContainerHealthy();
    }

    @Test
    void sleepingInPollOneoffPastTheDeadlineIsATimeout() throws Exception {
        installModule("hostile.wasisleep", Wat.module("wasisleep"), Map.of("Wasm-Plugin-Timeout", DEADLINE_MS + "ms"));
        assertStoppedAtTheDeadline("wsleep", "wasisleep");
        assertStoppedAtTheDeadline("wsleep", "wasisleep");
        assertContainerHealthy();
    }

    @Test
    void aGrantedDirectoryDoesNotLeakThroughSymbolicLinks() throws Exception {
        Path outside = Files.createDirectories(work.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("note.txt"), "hello");
        Files.createSymbolicLink(data.resolve("escape"), Path.of("/etc"));
        Files.createSymbolicLink(data.resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(data.resolve("rel"), Path.of("../outside"));
        Files.createSymbolicLink(data.resolve("out"), outside);
        installModule("hostile.symlink", Wat.module("symlink"), Map.of("Wasm-Plugin-Directory", "/data"));
        shell.run("calc:config plugin.hostile.symlink.directory " + data);
        Await.untilNoFailure("the granted directory opens", () -> calc("esc", 0, 0) == 0);
        assertEquals(EPERM, calc("esc", 1, 0), "escape/passwd: a link to /etc in the middle");
        assertEquals(EPERM, calc("esc", 2, 0), "passwd: a link to /etc/passwd");
        assertEquals(EPERM, calc("esc", 3, 0), "rel/secret.txt: a relative link out");
        assertEquals(EPERM, calc("esc", 4, 0), "../outside/secret.txt");
        assertEquals(EPERM, calc("esc", 5, 0), "out/created.txt: a file created through a link");
        assertFalse(Files.exists(outside.resolve("created.txt")), "nothing was written outside");
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
        assertEquals(0L, calc("esc", 0, 0), "note.txt inside still opens");
        assertContainerHealthy();
    }
}
