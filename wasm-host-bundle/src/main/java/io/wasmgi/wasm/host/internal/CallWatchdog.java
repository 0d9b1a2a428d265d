package io.wasmgi.wasm.host.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that looks at every running call a few times per deadline tick and interrupts those past their
 * deadline. A call costs two volatile writes and a compare-and-set, not a thread hand-off.
 */
final class CallWatchdog implements AutoCloseable {

    private final Set<CallGuard> guards = ConcurrentHashMap.newKeySet();
    private final long tickNanos;
    private final Thread thread;
    private volatile boolean closed;

    CallWatchdog(long tickMillis) {
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.thread = new Thread(this::run, "wasmgi-call-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    void watch(CallGuard guard) {
        guards.add(guard);
    }

    void unwatch(CallGuard guard) {
        guards.remove(guard);
    }

    private void run() {
        while (!closed) {
            long now = System.nanoTime();
            for (CallGuard guard : guards) {
                guard.expireIfLate(now);
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
