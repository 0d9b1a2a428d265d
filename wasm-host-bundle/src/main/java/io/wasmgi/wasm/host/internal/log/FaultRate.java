package io.wasmgi.wasm.host.internal.log;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@link #PER_SECOND} fault events a second for one plugin: a plugin that faults on every call must not
 * flood the Event Admin's queue (it has no bound) nor the console's stream. The faults left out are counted and
 * told with the next one posted. Lock-free and approximate: a few more may pass when many threads fault at once.
 */
public final class FaultRate {

    static final int PER_SECOND = 10;
    private static final long WINDOW = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** @return -1 if this fault is left out, else how many were left out since the last one posted */
    public long admit(long now) {
        long start = windowStart.get();
        if (now - start >= WINDOW && windowStart.compareAndSet(start, now)) {
            inWindow.set(0);
        }
        if (inWindow.incrementAndGet() > PER_SECOND) {
            dropped.incrementAndGet();
            return -1;
        }
        return dropped.getAndSet(0);
    }
}
