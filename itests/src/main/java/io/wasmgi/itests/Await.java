package io.wasmgi.itests;

import java.util.concurrent.TimeUnit;

/** Waits for what happens asynchronously in the framework: Config Admin's deliveries, FileInstall's polls. */
final class Await {

    /** A condition that may throw, such as one that runs a shell command. */
    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {}

    /** Waits until {@code condition} holds, a minute at most, looking again every 50 ms. */
    static void until(String what, Condition condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** As {@link #until}, where a failure of the condition (an exception or a failed assertion) means "not yet". */
    static void untilNoFailure(String what, Condition condition) throws Exception {
        until(what, () -> {
            try {
                return condition.holds();
            } catch (Exception | AssertionError notYet) {
                return false;
            }
        });
    }
}
