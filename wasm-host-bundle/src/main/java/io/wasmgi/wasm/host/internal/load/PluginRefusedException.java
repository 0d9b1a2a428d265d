package io.wasmgi.wasm.host.internal.load;

/** A plugin module that cannot be served; the message says why, in one line. */
public final class PluginRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public PluginRefusedException(String message) {
        super(message);
    }

    public PluginRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
