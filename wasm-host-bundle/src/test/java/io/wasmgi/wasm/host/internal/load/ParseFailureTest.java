package io.wasmgi.wasm.host.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Broken modules through the real parser: a plain refusal, Chicory's words kept as the detail. */
class ParseFailureTest {

    private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

    private final ModuleParser parser = new ModuleParser();

    @AfterEach
    void close() {
        parser.close();
    }

    @Test
    void notWasmAtAll() {
        PluginRefusedException e = refused("#include <stdint.h>".getBytes(StandardCharsets.US_ASCII));
        assertEquals(
                "not a valid wasm module: not a wasm module: it does not begin with the wasm magic bytes (\\0asm)",
                e.getMessage());
        assertTrue(e.detail().contains("magic header"), e.detail());
    }

    @Test
    void aTruncatedModule() throws Exception {
        byte[] mul = Files.readAllBytes(Path.of("../plugins/mul/mul.wasm"));
        for (int length : new int[] {9, 20, mul.length / 2, mul.length - 1}) {
            PluginRefusedException e = refused(Arrays.copyOf(mul, length));
            assertEquals(
                    "not a valid wasm module: a truncated or corrupt module: a section, count or index runs past what"
                            + " the module holds",
                    e.getMessage(),
                    "cut at " + length + ": " + e.detail());
        }
    }

    @Test
    void anOverLongNumber() {
        // a type section whose size is written in six LEB128 bytes: at most five encode a 32-bit number
        PluginRefusedException e = refused(
                concat(HEADER, new byte[] {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0}));
        assertTrue(e.getMessage().contains("malformed number"), e.getMessage() + " / " + e.detail());
    }

    @Test
    void codeThatDoesNotMatchItsType() {
        byte[] module = concat(
                HEADER,
                new byte[] {1, 5, 1, 0x60, 0, 1, 0x7f}, // type () -> i32
                new byte[] {3, 2, 1, 0}, // one function of it
                new byte[] {10, 4, 1, 2, 0, 0x0b}); // whose body returns nothing
        PluginRefusedException e = refused(module);
        assertEquals(
                "not a valid wasm module: the module fails validation: a function's code does not match its types",
                e.getMessage(),
                e.detail());
        assertTrue(e.detail().startsWith("InvalidException: type mismatch"), e.detail());
    }

    private PluginRefusedException refused(byte[] module) {
        return assertThrows(PluginRefusedException.class, () -> parser.parse(module, Duration.ofSeconds(10)));
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
