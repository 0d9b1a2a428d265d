package io.wasmgi.wasm.host.internal.call;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.wasmgi.wasm.host.internal.sandbox.PluginInstance;

/**
 * One place in an {@link InstancePool}: who holds it, the deadline of the call running on it, its instance and
 * its counters.
 *
 * <p>The state is one word: {@link #FREE}, {@link #HELD} by a caller, a positive deadline while a call runs
 * under it (the only state the {@link CallWatchdog} acts on), or expiring while the watchdog interrupts the
 * caller. A call costs two compare-and-sets (take the slot, end the deadline) and two release stores (start the
 * deadline, free the slot). The states make sure an interrupt meant for one call never lands on the caller's
 * later work: a caller that ends while the watchdog is interrupting waits for it to finish, then clears the
 * flag. Chicory checks the interrupt flag at function entry and loop back-edges, compiled code included.
 *
 * <p>The fields written on every call sit between 128 bytes of padding on either side (see the classes below),
 * so that two callers on two slots never write the same cache line (the adjacent-line prefetcher pairs 64-byte
 * lines): sharing one, two threads ran no faster than one.
 */
public final class CallSlot extends CallSlotPaddingAfter {

    private static final long FREE = 0;
    private static final long HELD = -1;
    private static final long EXPIRING = -2;
    private static final long EXPIRED = -3;
    private static final long RETIRED = -4;

    /**
     * After the first calls, each timed, one call in this many is: a clock read costs more than a fast call. The
     * first ones are all timed so that a plugin called a few times from the shell has figures too.
     */
    private static final int TIMING_SAMPLE = 64;

    /** How many of the slot's latest timed calls are kept (a power of two). */
    static final int RECENT_SAMPLES = 128;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CallSlotFields.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Takes the slot if it is free. */
    boolean tryHold() {
        return (long) STATE.getOpaque(this) == FREE && STATE.compareAndSet(this, FREE, HELD);
    }

    /**
     * The holder puts its call under {@code deadline} (positive, on the watchdog's clock), and counts it if it is
     * a caller's ({@code counted}), not the host's own.
     */
    void start(long deadline, boolean counted) {
        if (counted && (++calls <= TIMING_SAMPLE || calls % TIMING_SAMPLE == 1)) {
            timedStart = System.nanoTime(); // 0 (once in 584 years) skips the sample
        }
        Thread self = Thread.currentThread();
        if (runner != self) {
            runner = self;
        }
        STATE.setRelease(this, deadline); // publishes the runner with it
    }

    /**
     * The holder's call ended: the deadline no longer applies.
     *
     * @return true if the deadline had passed and the caller was interrupted (the flag is cleared again)
     */
    boolean end(long deadline) {
        if (timedStart != 0) {
            long nanos = System.nanoTime() - timedStart;
            recent[(int) (timedCalls++ & (RECENT_SAMPLES - 1))] = nanos;
            timedNanos += nanos;
            times[CallTimeBuckets.index(nanos)]++;
            timedStart = 0;
        }
        if (STATE.compareAndSet(this, deadline, HELD)) {
            return false;
        }
        while ((long) STATE.getVolatile(this) != EXPIRED) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        STATE.setRelease(this, HELD);
        return true;
    }

    /** The holder lets the slot go. */
    void free() {
        STATE.setRelease(this, FREE);
    }

    boolean isFree() {
        return (long) STATE.getVolatile(this) == FREE;
    }

    /** Takes a free slot out of service for good. @return false if it is held (its holder retires it) */
    boolean retire() {
        return STATE.compareAndSet(this, FREE, RETIRED);
    }

    boolean isRetired() {
        return (long) STATE.getVolatile(this) == RETIRED;
    }

    /** Called by the watchdog: interrupts the call if its deadline is before {@code now}. */
    void expireIfLate(long now) {
        long deadline = (long) STATE.getAcquire(this);
        if (deadline > 0 && now - deadline > 0 && STATE.compareAndSet(this, deadline, EXPIRING)) {
            runner.interrupt(); // the runner of this very deadline: it was written before it
            STATE.setVolatile(this, EXPIRED);
        }
    }

    /** The slot's instance, or null; only its holder may use or change it. */
    PluginInstance instance() {
        return instance;
    }

    void instance(PluginInstance instance) {
        this.instance = instance;
    }

    void countFault() {
        faults++;
    }

    // Read by the shell as they are: a figure a call old is fine.

    long calls() {
        return calls;
    }

    long faults() {
        return faults;
    }

    long timedCalls() {
        return timedCalls;
    }

    long timedNanos() {
        return timedNanos;
    }

    /** Copies the slot's latest call times, in nanoseconds, into {@code to} from {@code at}; returns how many. */
    int copyRecent(long[] to, int at) {
        int n = (int) Math.min(timedCalls, RECENT_SAMPLES);
        System.arraycopy(recent, 0, to, at, n);
        return n;
    }

    /** Adds this slot's timed calls, by bucket, to {@code into}. */
    void addTimes(long[] into) {
        long[] own = times;
        for (int i = 0; i < own.length; i++) {
            into[i] += own[i];
        }
    }
}

/** 128 bytes of nothing before a slot's fields: the JVM lays out a superclass's fields first. */
abstract class CallSlotPaddingBefore {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** What a slot's holder writes on every call, and what the watchdog reads. */
abstract class CallSlotFields extends CallSlotPaddingBefore {
    long state; // only through CallSlot.STATE
    long calls;
    long timedStart;
    long timedCalls;
    /** The time of every timed call together, for the histogram's sum. */
    long timedNanos;

    final long[] recent = new long[CallSlot.RECENT_SAMPLES];
    long faults;
    /** Every timed call by {@link CallTimeBuckets} bucket: written on a timed call only, by the holder. */
    final long[] times = new long[CallTimeBuckets.COUNT];

    Thread runner;
    PluginInstance instance;
}

/** 128 bytes of nothing after them. */
abstract class CallSlotPaddingAfter extends CallSlotFields {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}
