package io.wasmgi.wasm.host.internal.sandbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcException.Reason;
import io.wasmgi.wasm.host.internal.call.CallWatchdog;
import io.wasmgi.wasm.host.internal.call.InstancePool;
import io.wasmgi.wasm.host.internal.sandbox.PluginOutput;
import io.wasmgi.wasm.host.internal.sandbox.Sandbox;

/**
 * Plugins that spend their time inside WASI are stopped at their deadline like any other, through the real pool
 * and watchdog, and the failure says so: TIMEOUT, "deadline", soon after it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WasiDeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(200);
    /**
     * The loops below would run for minutes without the deadline: stopping within two seconds proves the deadline
     * holds, on a loaded shared machine too; how close to 200 ms it stops is printed, a figure, not an assert.
     */
    private static final long SLACK_MS = 2_000;

    private final CallWatchdog watchdog = new CallWatchdog(10);
    private InstancePool pool;

    private InstancePool pool(String module) {
        Sandbox sandbox = new Sandbox(
                WasiHarness.module(module),
                new MemoryLimits(1, 256),
                new PluginOutput("[" + module + "] ", line -> {}, 256, 10),
                OutputStream.nullOutputStream(),
                Optional.empty());
        pool = new InstancePool("plugin '" + module + "'", sandbox, watchdog, DEADLINE, 1);
        return pool;
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
        watchdog.close();
    }

    private static void assertStoppedAtTheDeadline(InstancePool pool, long a) {
        long start = System.nanoTime();
        CalcException e = assertThrows(CalcException.class, () -> pool.calc(a, 0));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("200 ms deadline"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(elapsedMs < DEADLINE.toMillis() + SLACK_MS, "stopped after " + elapsedMs + " ms");
        System.out.println("WASI loop stopped " + elapsedMs + " ms after the call began (deadline 200 ms)");
        assertFalse(Thread.currentThread().isInterrupted(), "the caller's interrupt flag is clear");
    }

    @Test
    void aPendingInterruptStopsAWasiFunctionBeforeItRuns() {
        try (WasiHarness wasi = WasiHarness.of("reexport")) {
            Thread.currentThread().interrupt();
            try {
                ChicoryInterruptedException e =
                        assertThrows(ChicoryInterruptedException.class, () -> wasi.callHost("random_get", 0x1000, 16));
                assertTrue(e.getMessage().contains("random_get"), e.getMessage());
                assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set, as Chicory leaves it");
            } finally {
                Thread.interrupted();
            }
            assertEquals(Errno.SUCCESS, wasi.callHost("random_get", 0x1000, 16), "and the next call runs");
        }
    }

    @Test
    void anInterruptedSleepInPollOneoffIsAnInterruptNotAFault() throws InterruptedException {
        try (WasiHarness wasi = WasiHarness.of("reexport")) {
            wasi.memory().writeI32(0x1000 + 16, 1); // monotonic, 60 s
            wasi.memory().writeLong(0x1000 + 24, 60_000_000_000L);
            Thread caller = Thread.currentThread();
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                caller.interrupt();
            });
            watchdog.start();
            long start = System.nanoTime();
            try {
                assertThrows(
                        ChicoryInterruptedException.class,
                        () -> wasi.callHost("poll_oneoff", 0x1000, 0x8000, 1, 0x100));
                assertTrue(Thread.currentThread().isInterrupted(), "set again for the caller's slot to clear");
            } finally {
                Thread.interrupted(); // first: join() throws at once on a thread whose flag is set
                watchdog.join();
            }
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "woken, not slept out");
        }
    }

    @Test
    void fdWriteWithAHugeIovecArrayInALoopIsStoppedAtTheDeadline() {
        InstancePool pool = pool("writeloop");
        assertStoppedAtTheDeadline(pool, 100_000_000); // each call: EINVAL at once
        assertStoppedAtTheDeadline(pool, 0xffffffffL);
        assertStoppedAtTheDeadline(pool, 1024); // each call: 1 MiB written
    }

    @Test
    void sleepingInPollOneoffPastTheDeadlineIsATimeoutNotAnInterruptedThread() {
        InstancePool pool = pool("pollsleep");
        assertStoppedAtTheDeadline(pool, 10);
        assertEquals(0L, pool.calc(0, 0), "a fresh instance serves the next call; a sleep of 0 s returns");
        assertStoppedAtTheDeadline(pool, 3600);
    }
}
