package io.wasmgi.wasm.host.internal.call;

import java.time.Duration;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasi.WasiExitException;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcException.Reason;
import io.wasmgi.wasm.host.internal.sandbox.AbiViolation;

/** Turns whatever a plugin's call threw into the API's exception: one line, naming the plugin and the cause. */
public final class Faults {

    private Faults() {}

    /**
     * @param timedOut whether the watchdog stopped the call at its deadline: then whatever the call threw on
     *                 the way out (an interrupted sleep, a host function's fault, a trap) is reported as the
     *                 deadline, which is what happened
     */
    public static CalcException translate(String plugin, Throwable failure, boolean timedOut, Duration timeout) {
        if (timedOut) {
            return new CalcException(
                    plugin,
                    Reason.TIMEOUT,
                    plugin + " ran past its " + timeout.toMillis() + " ms deadline and was stopped");
        }
        if (failure instanceof CalcException) {
            return (CalcException) failure;
        }
        if (isInterrupt(failure)) {
            return new CalcException(plugin, Reason.INTERRUPTED, "the call to " + plugin + " was interrupted", failure);
        }
        if (failure instanceof OutOfMemoryError) {
            return new CalcException(
                    plugin,
                    Reason.FAULT,
                    plugin + " ran the JVM out of heap; its instance was" + " discarded",
                    failure);
        }
        if (failure instanceof WasiExitException) {
            return new CalcException(
                    plugin,
                    Reason.FAULT,
                    plugin + " called proc_exit(" + ((WasiExitException) failure).exitCode() + ")");
        }
        if (failure instanceof StackOverflowError) {
            return new CalcException(plugin, Reason.FAULT, plugin + " exhausted its call stack", failure);
        }
        if (failure instanceof TrapException) {
            return new CalcException(plugin, Reason.FAULT, plugin + " trapped: " + describe(failure), failure);
        }
        if (failure instanceof AbiViolation) {
            return new CalcException(plugin, Reason.FAULT, plugin + " broke the ABI: " + failure.getMessage(), failure);
        }
        return new CalcException(plugin, Reason.FAULT, plugin + " failed: " + describe(failure), failure);
    }

    /** One line: a message of many lines (a stack trace's, say) is cut at its first. */
    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank()
                ? t.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse("");
    }

    /** Whether the call ended because its thread was interrupted (in the plugin's code or in a host function). */
    static boolean isInterrupt(Throwable failure) {
        return causedBy(failure, ChicoryInterruptedException.class);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
