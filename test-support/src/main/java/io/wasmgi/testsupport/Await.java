package io.wasmgi.testsupport;

import java.util.concurrent.TimeUnit;

/** Waits for what happens asynchronously in the container: Config Admin's deliveries, FileInstall's polls. */
public final class Await {

    /** A condition that may throw, such as one that runs a shell command. */
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {}

    /** Waits until {@code condition} holds, a minute at most, looking again every 50 ms. */
    public static void until(String what, Condition condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** As {@link #until}, where a failure of the condition (an exception or a failed assertion) means "not yet". */
    public static void untilNoFailure(String what, Condition condition) throws Exception {
        until(what, () -> {
            try {
                return condition.holds();
            } catch (Exception | AssertionError notYet) {
                return false;
            }
        });
    }
}
