package io.wasmgi.wasm.host.internal.config;

import java.util.Locale;

import io.wasmgi.wasm.host.internal.text.InertText;

/** What runs a plugin's code: Chicory's compiler (to JVM bytecode, the default) or its interpreter. */
public enum Engine {
    COMPILED,
    INTERPRETER;

    /** @throws IllegalArgumentException if {@code value} is neither {@code compiled} nor {@code interpreter} */
    public static Engine parse(String value) {
        String word = value.trim().toLowerCase(Locale.ROOT);
        for (Engine engine : values()) {
            if (engine.word().equals(word)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("'" + InertText.of(value, 40) + "' is neither compiled nor interpreter");
    }

    /** The engine as a {@link Setting} value: settings hold numbers. */
    @SuppressWarnings("EnumOrdinal") // the code never leaves the process: the word is what is stored
    long code() {
        return ordinal();
    }

    @SuppressWarnings("EnumOrdinal")
    static Engine ofCode(long code) {
        return values()[(int) code];
    }

    /** As written in a manifest or the configuration. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
