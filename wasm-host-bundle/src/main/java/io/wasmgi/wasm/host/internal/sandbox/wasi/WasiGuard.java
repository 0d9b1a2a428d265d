package io.wasmgi.wasm.host.internal.sandbox.wasi;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;

/**
 * What the host does around one of Chicory's WASI functions: check the call's arguments and refuse it with an
 * errno ({@link Errno#result}), or run Chicory's implementation ({@code chicory}), perhaps with bounded
 * arguments, and note what it did.
 */
@FunctionalInterface
public interface WasiGuard {

    long[] call(Instance instance, long[] args, WasmFunctionHandle chicory);

    /** This guard, then {@code next} around Chicory's implementation. */
    default WasiGuard then(WasiGuard next) {
        return (instance, args, chicory) -> call(instance, args, (i, a) -> next.call(i, a, chicory));
    }

    /** Runs Chicory's implementation as it is. */
    WasiGuard NONE = (instance, args, chicory) -> chicory.apply(instance, args);
}
