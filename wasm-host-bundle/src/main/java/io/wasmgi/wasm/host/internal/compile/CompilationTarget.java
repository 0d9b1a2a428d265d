package io.wasmgi.wasm.host.internal.compile;

import java.util.function.Function;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;

/** What waits for a module's compiled code: a plugin's sandbox, which switches to it once it is ready. */
public interface CompilationTarget {

    /** Whether the compiled code is still wanted (the plugin may have gone meanwhile). */
    boolean isOpen();

    /** From now on, new instances run {@code factory}'s compiled code; {@code engine} says how it was had. */
    void useCompiled(Function<Instance, Machine> factory, String engine);

    /** The module could not be compiled, for {@code reason}: the interpreter serves on. */
    void compilationFailed(String reason);
}
