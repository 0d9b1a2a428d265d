package io.wasmgi.wasm.host.internal.call;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that looks at every running call once a tick and interrupts those past their deadline. It also
 * keeps a coarse clock, read by callers to set their deadlines, so that a call pays for no clock read of its
 * own (one costs more than a fast call): deadlines are then precise to one tick (10 ms). A call costs two
 * compare-and-sets on its {@link CallSlot}, not a thread hand-off.
 */
public final class CallWatchdog implements AutoCloseable {

    /** What has calls to watch: an {@link InstancePool}. */
    interface Watched {
        /** Interrupts each call whose deadline is before {@code now}. */
        void expireLate(long now);
    }

    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final long tickNanos;
    /** The clock counts from just before this, so that it and every deadline set on it are positive. */
    private final long origin = System.nanoTime() - 1;

    private final Thread thread;
    private volatile boolean closed;
    private volatile long now = 1;

    public CallWatchdog(long tickMillis) {
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.thread = new Thread(this::run, "wasmgi-call-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** Nanoseconds since the watchdog started, as of the last tick: always positive. */
    long now() {
        return now;
    }

    void watch(Watched calls) {
        watched.add(calls);
    }

    void unwatch(Watched calls) {
        watched.remove(calls);
    }

    private void run() {
        while (!closed) {
            try {
                long tick = System.nanoTime() - origin;
                now = tick;
                for (Watched calls : watched) {
                    calls.expireLate(tick);
                }
            } catch (VirtualMachineError e) {
                // out of heap for a moment (a plugin's fault, or anyone's): deadlines must outlive it, so go on
            }
            LockSupport.parkNanos(this, tickNanos);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
