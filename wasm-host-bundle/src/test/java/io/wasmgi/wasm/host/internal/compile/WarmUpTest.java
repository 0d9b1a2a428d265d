package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;

/** The warm-up module is its WAT source assembled, and runs through every round the host starts with. */
class WarmUpTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WarmUp.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theModuleIsItsSourceAndAnswersWhatTheWarmUpExpects() throws IOException {
        byte[] assembled = Wat2Wasm.parse(new String(resource("warmup.wat"), StandardCharsets.UTF_8));
        assertArrayEquals(assembled, resource("warmup.wasm"), "warmup.wasm is not warmup.wat assembled");
        long answer =
                Instance.builder(Parser.parse(assembled)).build().export("calc").apply(1, 300)[0];
        assertEquals(WarmUp.ANSWER, answer);
    }

    @Test
    void everyRoundRunsParsedInterpretedCompiledAndFromTheCachesFormat() {
        WarmUp warmUp = new WarmUp(() -> false);
        warmUp.run();
        assertTrue(warmUp.rounds() >= 1, "no round of the warm-up ran to its end");
    }

    @Test
    void aPluginWaitingForTheCompilerEndsTheWarmUp() {
        WarmUp warmUp = new WarmUp(() -> true);
        warmUp.run();
        assertEquals(0, warmUp.rounds());
    }
}
