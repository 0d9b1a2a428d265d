package io.wasmgi.wasm.host.internal.sandbox.wasi;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExecutionCompletedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasi.WasiExitException;

/**
 * One of Chicory's WASI functions made safe to call from a plugin: same module, name and type, but
 * <ul>
 * <li>the call's deadline holds: the thread's interrupt flag (set by the watchdog) is checked before and after,
 * and a pending interrupt, or an interrupted sleep or I/O inside, becomes {@link ChicoryInterruptedException},
 * which the host reports as the deadline (see the call package's Faults);
 * <li>its arguments pass its {@link WasiGuard} first;
 * <li>nothing else escapes but a wasm fault: any error of the JVM's ({@link OutOfMemoryError},
 * {@link StackOverflowError}) or unexpected exception becomes a {@link WasmRuntimeException} with one line
 * naming the function.
 * </ul>
 */
public final class GuardedHostFunction {

    private GuardedHostFunction() {}

    public static HostFunction of(HostFunction chicory, WasiGuard guard) {
        String name = chicory.name();
        WasmFunctionHandle implementation = chicory.handle();
        return new HostFunction(
                chicory.module(),
                name,
                chicory.functionType(),
                (instance, args) -> call(name, guard, implementation, instance, args));
    }

    private static long[] call(
            String name, WasiGuard guard, WasmFunctionHandle implementation, Instance instance, long[] args) {
        stopIfInterrupted(name);
        long[] result;
        try {
            result = guard.call(instance, args, implementation);
        } catch (ChicoryInterruptedException | WasiExitException | ExecutionCompletedException | TrapException e) {
            throw e; // the deadline, proc_exit, a trap: as the interpreter reports them
        } catch (Throwable failure) {
            throw fault(name, failure);
        }
        stopIfInterrupted(name);
        return result;
    }

    /** The call's deadline passed (or the caller was interrupted): no WASI call starts or returns after that. */
    private static void stopIfInterrupted(String name) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException("Thread interrupted in WASI " + name);
        }
    }

    private static RuntimeException fault(String name, Throwable failure) {
        if (wasInterrupted(failure)) {
            Thread.currentThread().interrupt(); // a sleep that threw cleared it; the caller's slot expects it set
            return new ChicoryInterruptedException("Thread interrupted in WASI " + name);
        }
        String message = failure.getMessage();
        String what = failure instanceof WasmRuntimeException
                ? oneLine(message)
                : failure.getClass().getSimpleName() + (message == null ? "" : " (" + oneLine(message) + ")");
        return new WasmRuntimeException("WASI " + name + " failed: " + what);
    }

    private static boolean wasInterrupted(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException
                    || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException
                    || t instanceof ChicoryInterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "no detail";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
