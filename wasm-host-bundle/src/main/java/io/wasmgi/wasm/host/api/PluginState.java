package io.wasmgi.wasm.host.api;

/** Where a plugin bundle stands with the host. */
public enum PluginState {
    /** Its operator is registered and takes calls. */
    SERVING,
    /** The host refused its module or its limits; the reason says why. */
    REFUSED
}
