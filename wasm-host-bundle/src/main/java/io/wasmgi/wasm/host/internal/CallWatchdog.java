package io.wasmgi.wasm.host.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that looks at every running call once a tick and interrupts those past their deadline. It also
 * keeps a coarse clock, read by callers to set their deadlines, so that a call pays for no clock read of its
 * own: deadlines are then precise to one tick (10 ms). A call costs a few volatile writes and a
 * compare-and-set, not a thread hand-off.
 */
final class CallWatchdog implements AutoCloseable {

    private final Set<CallGuard> guards = ConcurrentHashMap.newKeySet();
    private final long tickNanos;
    private final Thread thread;
    private volatile boolean closed;
    private volatile long now = System.nanoTime();

    CallWatchdog(long tickMillis) {
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.thread = new Thread(this::run, "wasmgi-call-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@link System#nanoTime()} as of the last tick. */
    long now() {
        return now;
    }

    void watch(CallGuard guard) {
        guards.add(guard);
    }

    void unwatch(CallGuard guard) {
        guards.remove(guard);
    }

    private void run() {
        while (!closed) {
            long tick = System.nanoTime();
            now = tick;
            for (CallGuard guard : guards) {
                guard.expireIfLate(tick);
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
