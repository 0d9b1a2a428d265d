package io.wasmgi.wasm.host.internal;

/** A plugin module that cannot be served; the message says why, in one line. */
final class PluginRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    PluginRefusedException(String message) {
        super(message);
    }

    PluginRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
