package io.wasmgi.wasm.host.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcException.Reason;

/**
 * A bounded set of instances of one plugin, so that concurrent callers run in parallel, each on an instance
 * of its own (a Chicory instance must never be entered by two threads at once). Instances are made on demand;
 * one that faulted is thrown away, since its memory can no longer be trusted, and a fresh one serves the next
 * call. After {@link #close()}, calls in flight finish on their instance and new calls fail as
 * {@link Reason#GONE}.
 */
final class InstancePool implements AutoCloseable {

    /** A call to run on one instance. */
    @FunctionalInterface
    interface InstanceCall<T> {
        T apply(PluginInstance instance);
    }

    /** One place in the pool: the deadline guard of its calls, and its instance once made. */
    private static final class Slot {
        final CallGuard guard = new CallGuard();
        PluginInstance instance;
    }

    /** Put in the free list when the pool closes, so that callers waiting for a slot wake up and learn it. */
    private static final Slot CLOSED = new Slot();

    private final Sandbox sandbox;
    private final CallWatchdog watchdog;
    private final Duration timeout;
    private final int size;
    /** Free slots, most recently used first, so that a warm instance serves the next call. */
    private final LinkedBlockingDeque<Slot> free;
    private final LongAdder calls = new LongAdder();
    private final LongAdder faults = new LongAdder();
    private final LongAdder callNanos = new LongAdder();
    private volatile String label;
    private volatile boolean closed;

    InstancePool(String label, Sandbox sandbox, CallWatchdog watchdog, Duration timeout, int size) {
        this.label = label;
        this.sandbox = sandbox;
        this.watchdog = watchdog;
        this.timeout = timeout;
        this.size = size;
        this.free = new LinkedBlockingDeque<>(size);
        for (int i = 0; i < size; i++) {
            Slot slot = new Slot();
            watchdog.watch(slot.guard);
            free.add(slot);
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
        long deadline = System.nanoTime() + timeout.toNanos();
        Slot slot = acquire(deadline);
        boolean healthy = false;
        try {
            T result = runGuarded(slot, deadline, call);
            healthy = true;
            return result;
        } finally {
            release(slot, healthy);
        }
    }

    private <T> T runGuarded(Slot slot, long deadline, InstanceCall<T> call) {
        calls.increment();
        long start = System.nanoTime();
        try {
            return runOnInstance(slot, deadline, call);
        } finally {
            callNanos.add(System.nanoTime() - start);
        }
    }

    private <T> T runOnInstance(Slot slot, long deadline, InstanceCall<T> call) {
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
            faults.increment();
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
        Slot slot = free.pollFirst();
        if (slot == null) {
            try {
                slot = free.pollFirst(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CalcException(label, Reason.INTERRUPTED, "interrupted while waiting for " + label);
            }
            if (slot == null && !closed) {
                throw new CalcException(label, Reason.TIMEOUT, "all " + size + " instances of " + label
                        + " stayed busy past the " + timeout.toMillis() + " ms deadline");
            }
        }
        if (slot == CLOSED || slot == null) {
            free.offerFirst(CLOSED);
            throw gone();
        }
        if (closed) {
            free.offerFirst(slot);
            drain();
            throw gone();
        }
        return slot;
    }

    private void release(Slot slot, boolean healthy) {
        if (!healthy) {
            discard(slot);
        }
        free.offerFirst(slot);
        if (closed) {
            drain();
        }
    }

    private CalcException gone() {
        return new CalcException(label, Reason.GONE, label + " is gone: its plugin was stopped or uninstalled");
    }

    /** Calls made, and calls that faulted, since the plugin started. */
    long calls() {
        return calls.sum();
    }

    long faults() {
        return faults.sum();
    }

    /** Mean wall time of a call, in microseconds (instantiation included, when a call needed one). */
    double meanCallMicros() {
        long n = calls.sum();
        return n == 0 ? 0 : callNanos.sum() / 1000.0 / n;
    }

    /** The most linear memory one instance may have, in bytes. */
    long memoryLimitBytes() {
        return sandbox.memoryLimitBytes();
    }

    /** Bytes of linear memory held by the instances now idle. */
    long idleMemoryBytes() {
        long bytes = 0;
        for (Slot slot : free) {
            PluginInstance instance = slot.instance;
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
        drain();
    }

    private void drain() {
        List<Slot> slots = new ArrayList<>();
        free.drainTo(slots);
        for (Slot slot : slots) {
            if (slot != CLOSED) {
                discard(slot);
                watchdog.unwatch(slot.guard);
            }
        }
        free.offerFirst(CLOSED);
    }

    private static void discard(Slot slot) {
        if (slot.instance != null) {
            slot.instance.close();
            slot.instance = null;
        }
    }
}
