package io.wasmgi.wasm.host.internal.compile;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;

/**
 * A module's compiled {@code calc}, entered without Chicory's generic call path (see {@link CompiledCalc}).
 * Public only so that the class generated for each module, in Chicory's package of generated code, may
 * implement it; the package is not exported.
 */
public interface CalcFunction {

    int calc(int a, int b, Memory memory, Instance instance);
}
