package io.wasmgi.wasm.host.internal.sandbox;

/** A plugin broke the ABI while running, for example by returning a string pointer outside its memory. */
public final class AbiViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AbiViolation(String message) {
        super(message);
    }
}
