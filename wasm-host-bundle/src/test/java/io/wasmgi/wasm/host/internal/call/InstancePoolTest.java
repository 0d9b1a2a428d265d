package io.wasmgi.wasm.host.internal.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.wasm.host.internal.sandbox.Sandbox;

/**
 * The pool and its slots with real instances (Chicory's interpreter, a real watchdog): concurrent callers,
 * deadlines that expire as calls finish, a pool stopped while busy, callers waiting for a slot.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InstancePoolTest {

    /** calc(a, b): a loop of about a iterations (none below 1000), then a + b. */
    private static final String MODULE = "(module (memory (export \"memory\") 1)"
            + " (func (export \"name\") (result i32) i32.const 0)"
            + " (func (export \"operator\") (result i32) i32.const 0)"
            + " (func (export \"release_string\") (param i32))"
            + " (func (export \"calc\") (param $a i32) (param $b i32) (result i32) (local $n i32)"
            + "  (local.set $n (local.get $a))"
            + "  (block $done (loop $more"
            + "   (br_if $done (i32.le_u (local.get $n) (i32.const 1000)))"
            + "   (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
            + "   (br $more)))"
            + "  (i32.add (local.get $a) (local.get $b))))";

    private final CallWatchdog watchdog = new CallWatchdog(10);
    private final List<InstancePool> pools = new ArrayList<>();

    private InstancePool pool(Duration timeout, int size) {
        Sandbox sandbox = new Sandbox(
                Parser.parse(Wat2Wasm.parse(MODULE)),
                new MemoryLimits(1, 1),
                OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(),
                Optional.empty());
        InstancePool pool = new InstancePool("plugin 'count'", sandbox, watchdog, timeout, size);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void close() {
        pools.forEach(InstancePool::close);
        watchdog.close();
    }

    @Test
    void concurrentCallersGetOnlyRightAnswers() throws Exception {
        InstancePool pool = pool(Duration.ofSeconds(5), 2);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            done.add(callers.submit(() -> {
                for (int i = 0; i < 2000; i++) {
                    long a = ThreadLocalRandom.current().nextLong(1000);
                    long b = ThreadLocalRandom.current().nextLong(1L << 31);
                    assertEquals(a + b, pool.calc(a, b));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        callers.shutdown();
        assertEquals(12_000, pool.calls());
        pool.call(instance -> instance.memoryBytes());
        assertEquals(12_000, pool.calls(), "the host's own reads are not a plugin's calls");
        assertEquals(0, pool.faults());
    }

    @Test
    void theFirstCallsAreAllTimedThenOneInSixtyFourAndOnlyTheLatestKept() {
        InstancePool pool = pool(Duration.ofSeconds(5), 1);
        assertEquals("-", pool.recentLatency().describe(), "no call, no figure");
        pool.call(instance -> instance.memoryBytes());
        assertEquals(0, pool.recentLatency().samples(), "the host's own reads are not timed");
        for (int i = 0; i < 10; i++) {
            pool.calc(i, i);
        }
        assertEquals(10, pool.recentLatency().samples());
        for (int i = 10; i < 64 + 64 * 200; i++) {
            pool.calc(i, i);
        }
        assertEquals(128, pool.recentLatency().samples(), "264 timed calls, the latest 128 kept");
        assertTrue(pool.recentLatency().p50Nanos() <= pool.recentLatency().p99Nanos());
    }

    @Test
    void aDeadlineExpiringAsTheCallFinishesNeverLeavesAStrayInterrupt() {
        // calls of about the deadline's length: some finish just before it, some are stopped just after
        InstancePool pool = pool(Duration.ofMillis(20), 1);
        long a = calibratedIterations(pool(Duration.ofSeconds(10), 1), 20);
        int answered = 0;
        int timedOut = 0;
        for (int i = 0; i < 60; i++) {
            try {
                assertEquals(a + 1, pool.calc(a, 1));
                answered++;
            } catch (CalcException e) {
                assertEquals(CalcException.Reason.TIMEOUT, e.reason(), e.getMessage());
                timedOut++;
            }
            assertFalse(Thread.currentThread().isInterrupted(), "an interrupt meant for a call landed after it");
        }
        assertEquals(60, answered + timedOut);
        assertEquals(1000L + 1, pool.calc(1000, 1), "the next quick call is not hit by a late interrupt");
    }

    @Test
    void stoppingABusyPoolEndsItsCallAndRefusesNewOnes() throws Exception {
        InstancePool pool = pool(Duration.ofSeconds(30), 1);
        CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
            try {
                pool.calc(0xFFFFFFFFL, 0); // four billion iterations: far past the test, were it not stopped
                return null;
            } catch (CalcException e) {
                return e;
            }
        });
        awaitRunning(pool);
        long start = System.nanoTime();
        pool.stop();
        Throwable ended = running.get(5, TimeUnit.SECONDS);
        assertTrue(ended instanceof CalcException, String.valueOf(ended));
        assertEquals(CalcException.Reason.GONE, ((CalcException) ended).reason(), ended.getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
        CalcException after = assertThrows(CalcException.class, () -> pool.calc(1, 2));
        assertEquals(CalcException.Reason.GONE, after.reason());
    }

    @Test
    void aCallerWaitsForTheBusySlotAndGetsItWhenTheCallBeforeItIsStopped() throws Exception {
        InstancePool pool = pool(Duration.ofSeconds(1), 1);
        CompletableFuture<Throwable> holder = CompletableFuture.supplyAsync(() -> {
            try {
                pool.calc(0xFFFFFFFFL, 0);
                return null;
            } catch (CalcException e) {
                return e;
            }
        });
        awaitRunning(pool);
        Thread.sleep(500);
        // its deadline is half a second after the holder's: it waits, and once the holder's call is stopped it
        // has that long to make a fresh instance (the holder's was thrown away) and call it
        assertEquals(3L, pool.calc(1, 2));
        assertEquals(CalcException.Reason.TIMEOUT, ((CalcException) holder.get(5, TimeUnit.SECONDS)).reason());
        assertEquals(1, pool.faults());
    }

    /** Waits until a call has started on the pool. */
    private static void awaitRunning(InstancePool pool) throws InterruptedException {
        while (pool.calls() == 0) {
            Thread.sleep(5);
        }
        Thread.sleep(50); // and is in the plugin's loop
    }

    /** Iterations of the counting loop that take about {@code millis} on this machine, in the interpreter. */
    private static long calibratedIterations(InstancePool pool, long millis) {
        long n = 100_000;
        pool.calc(n, 0); // warm
        long start = System.nanoTime();
        pool.calc(n, 0);
        long tookNanos = Math.max(1, System.nanoTime() - start);
        return Math.min(0xFFFF_FFFFL, Math.max(2000, n * TimeUnit.MILLISECONDS.toNanos(millis) / tookNanos));
    }
}
