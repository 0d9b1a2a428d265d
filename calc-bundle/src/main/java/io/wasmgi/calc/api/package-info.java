/**
 * The calculator API: a {@link io.wasmgi.calc.api.CalcOperator} is one binary operation on unsigned 32-bit
 * integers, offered as an OSGi service. Wasm plugins provide it through the wasm host; any bundle may provide
 * or consume it.
 */
@Export
@Version("1.0.0")
package io.wasmgi.calc.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
