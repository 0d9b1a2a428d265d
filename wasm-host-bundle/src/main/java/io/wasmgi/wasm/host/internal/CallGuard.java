package io.wasmgi.wasm.host.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deadline of the call running on one instance. The caller {@link #enter enters} and {@link #exit exits};
 * the {@link CallWatchdog} interrupts the caller's thread once the deadline has passed (Chicory checks the
 * interrupt flag at function entry and loop back-edges). The states make sure an interrupt meant for one call
 * never lands on the caller's later work: a caller that exits while the watchdog is interrupting waits for it
 * to finish, then clears the flag.
 */
final class CallGuard {

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int EXPIRING = 2;
    private static final int EXPIRED = 3;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile Thread runner;
    private volatile long deadline;

    void enter(long deadlineNanos) {
        runner = Thread.currentThread();
        deadline = deadlineNanos;
        state.set(RUNNING);
    }

    /** @return true if the deadline passed and the caller was interrupted (the flag is cleared again) */
    boolean exit() {
        if (state.compareAndSet(RUNNING, IDLE)) {
            return false;
        }
        while (state.get() != EXPIRED) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        state.set(IDLE);
        return true;
    }

    /** Called by the watchdog: interrupts the running call if its deadline has passed. */
    void expireIfLate(long now) {
        if (state.get() == RUNNING && now - deadline > 0 && state.compareAndSet(RUNNING, EXPIRING)) {
            Thread thread = runner;
            if (thread != null) {
                thread.interrupt();
            }
            state.set(EXPIRED);
        }
    }
}
