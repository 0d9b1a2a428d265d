package io.wasmgi.wasm.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SandboxLimitsTest {

    private final SandboxLimits defaults = new SandboxLimits(256, Duration.ofSeconds(1), 1 << 24, 256, 2);
    private final List<String> notes = new ArrayList<>();

    private SandboxLimits ask(Map<String, String> headers) throws PluginRefusedException {
        return defaults.askedFor(headers::get, SandboxLimits.maxima(), notes::add);
    }

    @Test
    void noHeadersKeepTheDefaults() throws Exception {
        assertEquals(defaults, ask(Map.of()));
    }

    @Test
    void headersSetMemoryDeadlineAndPool() throws Exception {
        SandboxLimits limits = ask(Map.of("Wasm-Plugin-Memory-Max", "2MiB", "Wasm-Plugin-Timeout", "250ms",
                "Wasm-Plugin-Pool-Size", "4"));
        assertEquals(32, limits.maxMemoryPages());
        assertEquals(Duration.ofMillis(250), limits.callTimeout());
        assertEquals(4, limits.poolSize());
        assertEquals(1, ask(Map.of("Wasm-Plugin-Memory-Max", "100")).maxMemoryPages(), "rounded up to a page");
        assertEquals(Duration.ofSeconds(2), ask(Map.of("Wasm-Plugin-Timeout", "2s")).callTimeout());
        assertTrue(notes.isEmpty());
    }

    @Test
    void requestsAboveTheContainersMaximumAreCappedAndSaidSo() throws Exception {
        SandboxLimits limits = ask(Map.of("Wasm-Plugin-Memory-Max", "4GiB", "Wasm-Plugin-Timeout", "1000s",
                "Wasm-Plugin-Pool-Size", "1000"));
        assertEquals(SandboxLimits.maxima().maxMemoryPages(), limits.maxMemoryPages());
        assertEquals(SandboxLimits.maxima().callTimeout(), limits.callTimeout());
        assertEquals(SandboxLimits.maxima().poolSize(), limits.poolSize());
        assertEquals(3, notes.size(), notes.toString());
    }

    @Test
    void unreadableOrZeroValuesAreRefused() {
        assertThrows(PluginRefusedException.class, () -> ask(Map.of("Wasm-Plugin-Memory-Max", "lots")));
        assertThrows(PluginRefusedException.class, () -> ask(Map.of("Wasm-Plugin-Timeout", "soon")));
        assertThrows(PluginRefusedException.class, () -> ask(Map.of("Wasm-Plugin-Pool-Size", "0")));
    }
}
