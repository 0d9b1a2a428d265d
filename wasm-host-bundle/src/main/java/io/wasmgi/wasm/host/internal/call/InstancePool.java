package io.wasmgi.wasm.host.internal.call;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcException.Reason;
import io.wasmgi.wasm.host.api.CallTimes;
import io.wasmgi.wasm.host.internal.sandbox.PluginInstance;
import io.wasmgi.wasm.host.internal.sandbox.Sandbox;

/**
 * A bounded set of instances of one plugin, so that concurrent callers run in parallel, each on an instance
 * of its own (a Chicory instance must never be entered by two threads at once). Instances are made on demand;
 * one that faulted is thrown away, since its memory can no longer be trusted, and a fresh one serves the next
 * call. After {@link #close()}, calls in flight finish on their instance and new calls fail as
 * {@link Reason#GONE}.
 *
 * <p>A caller takes a slot with one compare-and-set, no lock (see {@link CallSlot}), starting from a slot of
 * its own thread's, so a caller keeps reusing one warm instance and concurrent callers do not contend. Only
 * when every slot is busy does a caller wait, within its deadline.
 *
 * <p>{@link #calc} is the hot path: it allocates nothing and keeps rare work (making or replacing an instance,
 * waiting, faults) in methods of their own, so that the JIT inlines the rest into the caller.
 */
public final class InstancePool implements CallWatchdog.Watched, AutoCloseable {

    private final Sandbox sandbox;
    private final CallWatchdog watchdog;
    private final Duration timeout;
    private final long timeoutNanos;
    private final CallSlot[] slots;
    /** The least power of two not below the number of slots, less one: maps a thread id to its first slot. */
    private final int slotMask;

    private final Object slotFreed = new Object();
    /** Faults by {@link Reason}: counted on the fault's own (slow) path, never on a call that succeeds. */
    private final Map<Reason, AtomicLong> faultsByReason = faultCounters();
    /** Told of each fault, on the faulting thread: it must be quick and must not throw. */
    private volatile Consumer<CalcException> faultListener = fault -> {};

    private final AtomicInteger waiting = new AtomicInteger();
    private final String label;
    private volatile boolean closed;
    /** Closed with the calls in flight stopped, not left to finish. */
    private volatile boolean stopped;

    public InstancePool(String label, Sandbox sandbox, CallWatchdog watchdog, Duration timeout, int size) {
        this.label = label;
        this.sandbox = sandbox;
        this.watchdog = watchdog;
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.slots = new CallSlot[size];
        for (int i = 0; i < size; i++) {
            slots[i] = new CallSlot();
        }
        this.slotMask = size == 1 ? 0 : (Integer.highestOneBit(size - 1) << 1) - 1;
        watchdog.watch(this);
    }

    public String label() {
        return label;
    }

    /**
     * {@code calc(a, b)} on a free instance, within the pool's deadline.
     *
     * @throws CalcException if the call faulted, ran past the deadline, or the plugin is gone
     */
    public long calc(long a, long b) {
        long deadline = watchdog.now() + timeoutNanos;
        CallSlot slot = enter(deadline, true);
        try {
            long result = instance(slot).calc(a, b);
            leave(slot, deadline);
            return result;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError failure) {
            throw fault(slot, deadline, failure);
        } catch (Throwable error) {
            abandon(slot, deadline);
            throw error;
        }
    }

    /**
     * Runs {@code call} on a free instance within the pool's deadline: the host's own reads (a plugin's name and
     * symbol at install), not counted among the plugin's calls.
     *
     * @throws CalcException if the call faulted, ran past the deadline, or the plugin is gone
     */
    public <T> T call(Function<PluginInstance, T> call) {
        long deadline = watchdog.now() + timeoutNanos;
        CallSlot slot = enter(deadline, false);
        try {
            T result = call.apply(instance(slot));
            leave(slot, deadline);
            return result;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError failure) {
            throw fault(slot, deadline, failure);
        } catch (Throwable error) {
            abandon(slot, deadline);
            throw error;
        }
    }

    /** Takes a slot and puts the call on it under {@code deadline}, counted if it is a caller's. */
    private CallSlot enter(long deadline, boolean counted) {
        CallSlot slot = tryAcquire();
        if (slot == null || closed) {
            slot = acquireSlowly(slot, deadline);
        }
        slot.start(deadline, counted);
        return slot;
    }

    /** The slot's instance, made now if it has none or one of an older engine; under the call's deadline. */
    private PluginInstance instance(CallSlot slot) {
        PluginInstance instance = slot.instance();
        return instance != null && sandbox.isCurrent(instance) ? instance : freshInstance(slot);
    }

    private PluginInstance freshInstance(CallSlot slot) {
        discard(slot); // none, or made by the interpreter and compiled code is ready now
        PluginInstance instance = sandbox.newInstance();
        slot.instance(instance);
        return instance;
    }

    private void leave(CallSlot slot, long deadline) {
        slot.end(deadline);
        release(slot);
    }

    /** The call faulted: its instance's memory can no longer be trusted. */
    private CalcException fault(CallSlot slot, long deadline, Throwable failure) {
        slot.countFault();
        boolean timedOut = slot.end(deadline);
        discard(slot);
        release(slot);
        if (!timedOut && Faults.isInterrupt(failure)) {
            // interrupted by someone else (Ctrl-C in the shell): the INTERRUPTED exception stands for it. Left
            // set, the flag makes the shell's next write to the console close it (an interruptible channel)
            Thread.interrupted();
        }
        CalcException fault = stopped
                ? new CalcException(
                        label,
                        Reason.GONE,
                        label + " was stopped during the call: its plugin was" + " stopped or uninstalled")
                : Faults.translate(label, failure, timedOut, timeout);
        faultsByReason.get(fault.reason()).incrementAndGet();
        faultListener.accept(fault);
        return fault;
    }

    private static Map<Reason, AtomicLong> faultCounters() {
        Map<Reason, AtomicLong> counters = new EnumMap<>(Reason.class);
        for (Reason reason : Reason.values()) {
            counters.put(reason, new AtomicLong());
        }
        return counters;
    }

    /** Who is told of each fault (the host's events); it runs on the faulting thread, so it must be quick. */
    public void onFault(Consumer<CalcException> listener) {
        this.faultListener = listener;
    }

    /** An error of the JVM's own went through the call: the instance goes, the error goes on as it is. */
    private void abandon(CallSlot slot, long deadline) {
        slot.end(deadline);
        discard(slot);
        release(slot);
    }

    /**
     * Each thread starts looking at a slot of its own (from its id), so that concurrent callers do not fight
     * over the same one on every call, and a thread calling again and again keeps its warm instance.
     *
     * @return the slot taken, or null if every slot is busy
     */
    private CallSlot tryAcquire() {
        CallSlot[] all = slots;
        int n = all.length;
        int i = (int) Thread.currentThread().getId() & slotMask; // no division: it costs more than a fast call
        if (i >= n) {
            i -= n;
        }
        for (int tried = 0; tried < n; tried++) {
            CallSlot slot = all[i];
            if (slot.tryHold()) {
                return slot;
            }
            i = i + 1 == n ? 0 : i + 1;
        }
        return null;
    }

    /** The pool is closed, or every slot is busy: wait for one, looking again at least every 10 ms. */
    private CallSlot acquireSlowly(CallSlot slot, long deadline) {
        if (slot == null) {
            slot = awaitSlot(deadline);
        }
        if (closed) {
            release(slot);
            throw gone();
        }
        return slot;
    }

    private CallSlot awaitSlot(long deadline) {
        waiting.incrementAndGet();
        try {
            while (true) {
                if (closed) {
                    throw gone();
                }
                CallSlot slot = tryAcquire();
                if (slot != null) {
                    return slot;
                }
                long left = deadline - watchdog.now();
                if (left <= 0) {
                    throw new CalcException(
                            label,
                            Reason.TIMEOUT,
                            "all " + slots.length + " instances of " + label + " stayed busy past the "
                                    + timeout.toMillis() + " ms deadline");
                }
                synchronized (slotFreed) {
                    slotFreed.wait(Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(left))));
                }
            }
        } catch (InterruptedException e) {
            // the exception stands for the interrupt, as InterruptedException does (see Reason.INTERRUPTED)
            throw new CalcException(label, Reason.INTERRUPTED, "interrupted while waiting for " + label);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private void release(CallSlot slot) {
        slot.free();
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

    @Override
    public void expireLate(long now) {
        for (CallSlot slot : slots) {
            slot.expireIfLate(now);
        }
    }

    /** Calls made, and calls that faulted, since the plugin started. */
    public long calls() {
        long n = 0;
        for (CallSlot slot : slots) {
            n += slot.calls();
        }
        return n;
    }

    public long faults() {
        long n = 0;
        for (CallSlot slot : slots) {
            n += slot.faults();
        }
        return n;
    }

    /** Faults by reason, every reason present. */
    public Map<Reason, Long> faultsByReason() {
        Map<Reason, Long> faults = new EnumMap<>(Reason.class);
        for (Reason reason : Reason.values()) {
            faults.put(reason, faultsByReason.get(reason).get());
        }
        return faults;
    }

    /**
     * Every timed call (the first 64 of each instance, then one in 64) by bucket, with the median and 99th
     * percentile of the recent ones ({@link #recentLatency()}): read as they are.
     */
    public CallTimes times() {
        long[] counts = new long[CallTimeBuckets.COUNT];
        long sampled = 0;
        long nanos = 0;
        for (CallSlot slot : slots) {
            slot.addTimes(counts);
            sampled += slot.timedCalls();
            nanos += slot.timedNanos();
        }
        Latency recent = recentLatency();
        return CallTimeBuckets.view(counts, sampled, nanos, recent.p50Nanos(), recent.p99Nanos());
    }

    /** The time of recent calls on their instances: every slot's latest timed calls. */
    public Latency recentLatency() {
        long[] samples = new long[slots.length * CallSlot.RECENT_SAMPLES];
        int n = 0;
        for (CallSlot slot : slots) {
            n += slot.copyRecent(samples, n);
        }
        return Latency.of(samples, n);
    }

    /** The most linear memory one instance may have, in bytes. */
    public long memoryLimitBytes() {
        return sandbox.memoryLimitBytes();
    }

    /** Bytes of linear memory held by the instances now idle. */
    public long idleMemoryBytes() {
        long bytes = 0;
        for (CallSlot slot : slots) {
            PluginInstance instance = slot.isFree() ? slot.instance() : null;
            bytes += instance == null ? 0 : instance.memoryBytes();
        }
        return bytes;
    }

    /** The engine serving calls now. */
    public String engine() {
        return sandbox.engine();
    }

    /** Like {@link #close()}, and the calls in flight are interrupted: for a plugin that is going away for good. */
    void stop() {
        stopped = true;
        close();
        for (CallSlot slot : slots) {
            slot.expireIfLate(Long.MAX_VALUE);
        }
    }

    @Override
    public void close() {
        closed = true;
        sandbox.close();
        for (CallSlot slot : slots) {
            retire(slot); // a busy slot is retired by its caller, on release
        }
        synchronized (slotFreed) {
            slotFreed.notifyAll();
        }
    }

    /** Takes a free slot out of service for good, closing its instance; after the last, the watchdog forgets us. */
    private void retire(CallSlot slot) {
        if (slot.retire()) {
            discard(slot);
            for (CallSlot other : slots) {
                if (!other.isRetired()) {
                    return;
                }
            }
            watchdog.unwatch(this);
        }
    }

    private static void discard(CallSlot slot) {
        PluginInstance instance = slot.instance();
        if (instance != null) {
            instance.close();
            slot.instance(null);
        }
    }
}
