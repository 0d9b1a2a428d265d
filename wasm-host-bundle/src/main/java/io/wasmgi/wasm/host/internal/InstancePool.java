package io.wasmgi.wasm.host.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcException.Reason;

/**
 * A bounded set of instances of one plugin, so that concurrent callers run in parallel, each on an instance
 * of its own (a Chicory instance must never be entered by two threads at once). Instances are made on demand;
 * one that faulted is thrown away, since its memory can no longer be trusted, and a fresh one serves the next
 * call. After {@link #close()}, calls in flight finish on their instance and new calls fail as
 * {@link Reason#GONE}.
 *
 * <p>A caller takes a slot with one compare-and-set, no lock, starting from a slot of its own thread's, so a
 * caller keeps reusing one warm instance and concurrent callers do not contend. Only when every slot is busy
 * does a caller wait, within its deadline.
 */
final class InstancePool implements AutoCloseable {

    /** A call to run on one instance. */
    @FunctionalInterface
    interface InstanceCall<T> {
        T apply(PluginInstance instance);
    }

    /** One place in the pool: whether a caller holds it, the deadline guard of its calls, its instance. */
    private static final class Slot {
        final AtomicBoolean busy = new AtomicBoolean();
        final CallGuard guard = new CallGuard();
        /** Written only by the caller holding the slot; read by the shell's statistics, as they are. */
        PluginInstance instance;
        long calls;
        long faults;
        long timedCalls;
        long timedNanos;
    }

    /** One call in this many is timed, for the mean call time: a clock read costs more than a fast call. */
    private static final int TIMING_SAMPLE = 64;

    private final Sandbox sandbox;
    private final CallWatchdog watchdog;
    private final Duration timeout;
    private final long timeoutNanos;
    private final Slot[] slots;
    private final Object slotFreed = new Object();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile String label;
    private volatile boolean closed;

    InstancePool(String label, Sandbox sandbox, CallWatchdog watchdog, Duration timeout, int size) {
        this.label = label;
        this.sandbox = sandbox;
        this.watchdog = watchdog;
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.slots = new Slot[size];
        for (int i = 0; i < size; i++) {
            slots[i] = new Slot();
            watchdog.watch(slots[i].guard);
        }
    }

    /** How the plugin is named in error messages, once its own name is known. */
    void label(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /**
     * Runs {@code call} on a free instance within the pool's deadline.
     *
     * @throws CalcException if the call faulted, ran past the deadline, or the plugin is gone
     */
    <T> T call(InstanceCall<T> call) {
        long deadline = watchdog.now() + timeoutNanos;
        Slot slot = acquire(deadline);
        boolean timed = ++slot.calls % TIMING_SAMPLE == 1;
        long start = timed ? System.nanoTime() : 0;
        boolean healthy = false;
        try {
            T result = runGuarded(slot, deadline, call);
            healthy = true;
            return result;
        } finally {
            if (timed) {
                slot.timedNanos += System.nanoTime() - start;
                slot.timedCalls++;
            }
            release(slot, healthy);
        }
    }

    private <T> T runGuarded(Slot slot, long deadline, InstanceCall<T> call) {
        slot.guard.enter(deadline);
        boolean exited = false;
        try {
            if (slot.instance != null && !sandbox.isCurrent(slot.instance)) {
                discard(slot); // made by the interpreter, and compiled code is ready now
            }
            if (slot.instance == null) {
                slot.instance = sandbox.newInstance();
            }
            return call.apply(slot.instance);
        } catch (RuntimeException | StackOverflowError failure) {
            slot.faults++;
            boolean timedOut = slot.guard.exit();
            exited = true;
            throw Faults.translate(label, failure, timedOut, timeout);
        } finally {
            if (!exited) {
                slot.guard.exit();
            }
        }
    }

    private Slot acquire(long deadline) {
        if (closed) {
            throw gone();
        }
        Slot slot = tryAcquire();
        if (slot == null) {
            slot = awaitSlot(deadline);
        }
        if (closed) {
            release(slot, true);
            throw gone();
        }
        return slot;
    }

    /**
     * Each thread starts looking at a slot of its own (by thread id), so that concurrent callers do not fight
     * over the same one on every call, and a thread calling again and again keeps its warm instance.
     */
    private Slot tryAcquire() {
        int n = slots.length;
        int first = (int) (Thread.currentThread().getId() % n);
        for (int i = 0; i < n; i++) {
            Slot slot = slots[(first + i) % n];
            if (!slot.busy.get() && slot.busy.compareAndSet(false, true)) {
                return slot;
            }
        }
        return null;
    }

    /** Every slot is busy: wait for one, looking again at least every 10 ms, until the deadline. */
    private Slot awaitSlot(long deadline) {
        waiting.incrementAndGet();
        try {
            while (true) {
                if (closed) {
                    throw gone();
                }
                Slot slot = tryAcquire();
                if (slot != null) {
                    return slot;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CalcException(label, Reason.TIMEOUT, "all " + slots.length + " instances of " + label
                            + " stayed busy past the " + timeout.toMillis() + " ms deadline");
                }
                synchronized (slotFreed) {
                    slotFreed.wait(Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(left))));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CalcException(label, Reason.INTERRUPTED, "interrupted while waiting for " + label);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private void release(Slot slot, boolean healthy) {
        if (!healthy) {
            discard(slot);
        }
        slot.busy.set(false);
        if (closed) {
            retire(slot); // the pool closed while this slot was busy
        } else if (waiting.get() > 0) {
            synchronized (slotFreed) {
                slotFreed.notifyAll();
            }
        }
    }

    private CalcException gone() {
        return new CalcException(label, Reason.GONE, label + " is gone: its plugin was stopped or uninstalled");
    }

    /** Calls made, and calls that faulted, since the plugin started. */
    long calls() {
        long n = 0;
        for (Slot slot : slots) {
            n += slot.calls;
        }
        return n;
    }

    long faults() {
        long n = 0;
        for (Slot slot : slots) {
            n += slot.faults;
        }
        return n;
    }

    /** Mean time of a call on its instance, in microseconds, from a sample of the calls. */
    double meanCallMicros() {
        long n = 0;
        long nanos = 0;
        for (Slot slot : slots) {
            n += slot.timedCalls;
            nanos += slot.timedNanos;
        }
        return n == 0 ? 0 : nanos / 1000.0 / n;
    }

    /** The most linear memory one instance may have, in bytes. */
    long memoryLimitBytes() {
        return sandbox.memoryLimitBytes();
    }

    /** Bytes of linear memory held by the instances now idle. */
    long idleMemoryBytes() {
        long bytes = 0;
        for (Slot slot : slots) {
            PluginInstance instance = slot.busy.get() ? null : slot.instance;
            bytes += instance == null ? 0 : instance.memoryBytes();
        }
        return bytes;
    }

    /** The engine serving calls now. */
    String engine() {
        return sandbox.engine();
    }

    @Override
    public void close() {
        closed = true;
        sandbox.close();
        for (Slot slot : slots) {
            retire(slot); // a busy slot is retired by its caller, on release
        }
        synchronized (slotFreed) {
            slotFreed.notifyAll();
        }
    }

    /** Takes a free slot out of service for good: its instance is closed, the watchdog forgets it. */
    private void retire(Slot slot) {
        if (slot.busy.compareAndSet(false, true)) {
            discard(slot);
            watchdog.unwatch(slot.guard);
        }
    }

    private static void discard(Slot slot) {
        if (slot.instance != null) {
            slot.instance.close();
            slot.instance = null;
        }
    }
}
