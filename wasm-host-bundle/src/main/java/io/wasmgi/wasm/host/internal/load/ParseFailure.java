package io.wasmgi.wasm.host.internal.load;

import java.util.Locale;

/**
 * Chicory's parse and validation errors in plain words: its messages pile up clauses ("section size mismatch,
 * unexpected end of section or function, ...") and some failures come out as index or buffer exceptions. The
 * plain line is the refusal; Chicory's own text goes to the log as the detail.
 */
final class ParseFailure {

    private ParseFailure() {}

    static String explain(Throwable failure) {
        String name = failure.getClass().getSimpleName();
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("magic header")) {
            return "not a wasm module: it does not begin with the wasm magic bytes (\\0asm)";
        }
        if (message.contains("version")) {
            return "a wasm binary version the host does not read (only version 1)";
        }
        // Chicory wraps a section's error in "section size mismatch, unexpected end of section or function, ...":
        // the innermost cause is the last clause
        String last = message.substring(message.lastIndexOf(", ") + 1);
        if (last.contains("integer representation too long") || last.contains("integer too large")) {
            return "a malformed number in the module (an over-long LEB128 integer)";
        }
        if (last.contains("unexpected end")
                || last.contains("out of bounds")
                || last.contains("size mismatch")
                || failure instanceof IndexOutOfBoundsException
                || failure instanceof java.nio.BufferUnderflowException
                || failure instanceof IllegalArgumentException
                || failure instanceof NegativeArraySizeException) {
            return "a truncated or corrupt module: a section, count or index runs past what the module holds";
        }
        if (message.contains("utf-8")) {
            return "a name in the module is not valid UTF-8";
        }
        if (message.contains("opcode") || message.contains("composite type") || message.contains("value type")) {
            return "an instruction or type the host does not know: a corrupt module, or a wasm feature it does not run";
        }
        if (name.equals("InvalidException")) {
            if (message.startsWith("type mismatch")) {
                return "the module fails validation: a function's code does not match its types";
            }
            if (message.startsWith("unknown")) {
                return "the module fails validation: it refers to a function, type, local, global, table, memory or"
                        + " label that does not exist";
            }
            return "the module fails validation";
        }
        return "a malformed module";
    }
}
