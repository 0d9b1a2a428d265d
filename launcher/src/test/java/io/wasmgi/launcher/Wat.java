package io.wasmgi.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.dylibso.chicory.wabt.Wat2Wasm;

/** Assembles the WAT test modules under {@code src/test/resources/hostile/} with Chicory's Java wat2wasm. */
final class Wat {

    private Wat() {}

    static byte[] module(String name) {
        try (InputStream in = Wat.class.getResourceAsStream("/hostile/" + name + ".wat")) {
            if (in == null) {
                throw new IllegalArgumentException("no test module hostile/" + name + ".wat");
            }
            return Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
