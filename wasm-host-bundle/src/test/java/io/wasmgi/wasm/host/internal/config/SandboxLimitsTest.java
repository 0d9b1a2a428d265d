package io.wasmgi.wasm.host.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SandboxLimitsTest {

    private final SandboxLimits defaults = SandboxLimits.defaults(Engine.COMPILED);
    private final List<String> notes = new ArrayList<>();

    private SandboxLimits ask(Setting setting, String value) {
        return defaults.with(setting, value, setting.header, "manifest", notes::add);
    }

    @Test
    void valuesSetMemoryDeadlinePoolAndEngineAndSayWhereTheyCameFrom() {
        assertEquals(32, ask(Setting.MEMORY_MAX, "2MiB").maxMemoryPages());
        assertEquals(Duration.ofMillis(250), ask(Setting.TIMEOUT, "250ms").callTimeout());
        assertEquals(Duration.ofSeconds(2), ask(Setting.TIMEOUT, " 2s ").callTimeout());
        assertEquals(4, ask(Setting.POOL_SIZE, "4").poolSize());
        assertEquals(Engine.INTERPRETER, ask(Setting.ENGINE, "Interpreter").engine());
        assertEquals(2, ask(Setting.MEMORY_MAX, "65537").maxMemoryPages(), "rounded up to a page");
        assertEquals("manifest", ask(Setting.TIMEOUT, "2s").origins().get(Setting.TIMEOUT));
        assertEquals("default", ask(Setting.TIMEOUT, "2s").origins().get(Setting.MEMORY_MAX));
        assertTrue(notes.isEmpty(), notes.toString());
    }

    @Test
    void requestsAboveTheContainersMaximumAreCappedAndSaidSo() {
        assertEquals(4096, ask(Setting.MEMORY_MAX, "4GiB").maxMemoryPages());
        assertEquals(Duration.ofSeconds(30), ask(Setting.TIMEOUT, "1000s").callTimeout());
        assertEquals(16, ask(Setting.POOL_SIZE, "1000").poolSize());
        assertEquals(
                "manifest, capped", ask(Setting.POOL_SIZE, "1000").origins().get(Setting.POOL_SIZE));
        assertEquals(4, notes.size(), notes.toString());
        assertTrue(
                notes.get(0).contains("Wasm-Plugin-Memory-Max") && notes.get(0).contains("256MiB"), notes.get(0));
    }

    @Test
    void valuesThatOverflowAreCappedNeverWrappedAround() {
        // 9300000000000000 s is more milliseconds than a long holds: once this wrapped to a negative deadline
        assertEquals(
                Duration.ofSeconds(30),
                ask(Setting.TIMEOUT, "9300000000000000s").callTimeout());
        assertEquals(
                Duration.ofSeconds(30),
                ask(Setting.TIMEOUT, "999999999999999999min").callTimeout());
        assertEquals(4096, ask(Setting.MEMORY_MAX, "999999999999999999TiB").maxMemoryPages());
        assertEquals(4096, ask(Setting.MEMORY_MAX, "17179869184GiB").maxMemoryPages(), "2^64 bytes");
        assertEquals(16, ask(Setting.POOL_SIZE, "4294967297").poolSize(), "2^32 + 1 is not 1");
    }

    @Test
    void unreadableZeroNegativeAndOverlongValuesAreRefusedNamingTheHeader() {
        for (String bad : new String[] {
            "lots",
            "-5",
            "0",
            "0ms",
            "-1s",
            "1.5s",
            "10 parsecs",
            "1e9",
            "",
            "9".repeat(19) + "ms",
            "1".repeat(40),
            "+5s",
            "5s\nWasm-Plugin-Ranking: 1000",
            "٣s"
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ask(Setting.TIMEOUT, bad), bad);
            assertTrue(e.getMessage().startsWith("Wasm-Plugin-Timeout: "), e.getMessage());
            assertTrue(e.getMessage().lines().count() == 1, "one line: " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ask(Setting.MEMORY_MAX, "1KiB"), "less than a page");
        assertThrows(IllegalArgumentException.class, () -> ask(Setting.POOL_SIZE, "0"));
        assertThrows(IllegalArgumentException.class, () -> ask(Setting.ENGINE, "turbo"));
    }

    @Test
    void theReservationIsMemoryTimesPool() {
        SandboxLimits limits = ask(Setting.POOL_SIZE, "4")
                .with(Setting.MEMORY_MAX, "16MiB", "memory.max", "configuration", notes::add);
        assertEquals(64L << 20, limits.reservedBytes());
        assertTrue(
                limits.describe().contains("memory 16MiB (configuration) x 4 instances (manifest) = 64MiB"),
                limits.describe());
    }
}
