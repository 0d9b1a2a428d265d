package io.wasmgi.wasm.host.internal.deploy;

/** A module that could not be read from where it was asked for; the message says why, in one line. */
public final class ModuleReadException extends Exception {

    private static final long serialVersionUID = 1L;

    ModuleReadException(String message) {
        super(message);
    }

    ModuleReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
