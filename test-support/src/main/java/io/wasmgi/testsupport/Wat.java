package io.wasmgi.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.dylibso.chicory.wabt.Wat2Wasm;

/**
 * Assembles WAT test modules with Chicory's Java wat2wasm: {@code hostile/NAME.wat} from the class path of the
 * tests that use it (the launcher's test resources, or the in-framework test bundle, which embeds this class).
 */
public final class Wat {

    private Wat() {}

    public static byte[] module(String name) {
        try (InputStream in = Wat.class.getResourceAsStream("/hostile/" + name + ".wat")) {
            if (in == null) {
                throw new IllegalArgumentException("no test module hostile/" + name + ".wat");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] parse(String wat) {
        return Wat2Wasm.parse(wat);
    }
}
