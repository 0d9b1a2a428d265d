package io.wasmgi.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.dylibso.chicory.wabt.Wat2Wasm;

/**
 * Assembles the WAT modules under {@code hostile/} with Chicory's Java wat2wasm, which is embedded in this test
 * bundle (it is not a bundle of its own).
 */
final class Wat {

    private Wat() {}

    static byte[] module(String name) {
        try (InputStream in = Wat.class.getResourceAsStream("/hostile/" + name + ".wat")) {
            if (in == null) {
                throw new IllegalArgumentException("no test module hostile/" + name + ".wat");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] parse(String wat) {
        return Wat2Wasm.parse(wat);
    }
}
