package io.wasmgi.wasm.host.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ModuleParserTest {

    /** A module of one function of {@code depth} nested blocks: valid wasm that takes the parser seconds. */
    static byte[] deeplyNested(int depth) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0); // no locals
        for (int i = 0; i < depth; i++) {
            body.write(0x02); // block
            body.write(0x40); // of no result
        }
        for (int i = 0; i <= depth; i++) {
            body.write(0x0b); // end
        }
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(1);
        leb128(code, body.size());
        code.writeBytes(body.toByteArray());
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        module.writeBytes(new byte[] {1, 4, 1, 0x60, 0, 0}); // type () -> ()
        module.writeBytes(new byte[] {3, 2, 1, 0}); // one function of it
        module.write(10);
        leb128(module, code.size());
        module.writeBytes(code.toByteArray());
        return module.toByteArray();
    }

    static void leb128(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }

    @Test
    void aModuleThatParsesPastTheDeadlineIsRefusedWithoutWaitingForIt() {
        try (ModuleParser parser = new ModuleParser()) {
            byte[] bomb = deeplyNested(1_000_000); // 3 MB: seconds of parsing
            long start = System.nanoTime();
            PluginRefusedException e =
                    assertThrows(PluginRefusedException.class, () -> parser.parse(bomb, Duration.ofMillis(100)));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(e.getMessage().contains("took longer than 100 ms"), e.getMessage());
            assertTrue(waited < 1000, "the caller waited " + waited + " ms, not the whole parse");
        }
    }

    @Test
    void aSmallValidModuleParsesAndAnInvalidOneSaysWhy() throws Exception {
        try (ModuleParser parser = new ModuleParser()) {
            assertEquals(
                    1,
                    parser.parse(deeplyNested(3), Duration.ofSeconds(10))
                            .codeSection()
                            .functionBodies()
                            .length);
            PluginRefusedException e = assertThrows(
                    PluginRefusedException.class,
                    () -> parser.parse("not wasm".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(10)));
            assertTrue(e.getMessage().startsWith("not a valid wasm module: "), e.getMessage());
        }
    }
}
