/**
 * What the wasm host tells and lets other bundles do, as an OSGi service ({@link io.wasmgi.wasm.host.api.PluginHost}):
 * each plugin's view (state, refusal, limits and their origins, calls, faults, latency, memory, engine), installing
 * a raw module or a plugin bundle from bytes, removing a plugin, and the host's configuration. The host also posts
 * each plugin's lifecycle and faults through the OSGi Event Admin, on the topics of {@link
 * io.wasmgi.wasm.host.api.PluginEvents}. The implementation stays private to the host.
 */
@Export
@Version("1.0.0")
package io.wasmgi.wasm.host.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
