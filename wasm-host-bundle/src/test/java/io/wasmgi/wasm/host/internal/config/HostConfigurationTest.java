package io.wasmgi.wasm.host.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class HostConfigurationTest {

    private final List<String> problems = new ArrayList<>();

    @Test
    void goodValuesAreKeptAndOthersKeysSkipped() {
        HostConfiguration config = HostConfiguration.of(
                Map.of(
                        "timeout",
                        " 250ms",
                        "pool.size",
                        "4",
                        "plugin.io.wasmgi.plugin.add.memory.max",
                        "2MiB",
                        "plugin.com.example.reader.directory",
                        "/srv",
                        "service.pid",
                        "io.wasmgi.wasm.host",
                        "felix.fileinstall.filename",
                        "file:/x.cfg",
                        "component.name",
                        "x",
                        "org.apache.karaf.features.configKey",
                        "io.wasmgi.wasm.host"),
                problems::add);
        assertEquals("250ms", config.value(Setting.TIMEOUT));
        assertEquals("4", config.value(Setting.POOL_SIZE));
        assertEquals("2MiB", config.pluginValue("io.wasmgi.plugin.add", Setting.MEMORY_MAX));
        assertEquals("/srv", config.directoryFor("com.example.reader"));
        assertEquals(4, config.values().size(), config.values().toString());
        assertEquals(List.of(), problems);
    }

    @Test
    void aBadValueIsDroppedWithTheKeyNamedAndTheRestKept() {
        Map<String, Object> properties = new TreeMap<>(Map.of(
                "timeout",
                "-5",
                "memory.max",
                "abc",
                "pool.size",
                "0",
                "engine",
                "turbo",
                "timout",
                "250ms",
                "plugin.x.timeout",
                "0ms",
                "plugin.x.memory.max",
                "2MiB"));
        HostConfiguration config = HostConfiguration.of(properties, problems::add);
        assertEquals(Map.of("plugin.x.memory.max", "2MiB"), config.values());
        assertEquals(6, problems.size(), problems.toString());
        for (String key :
                new String[] {"timeout", "memory.max", "pool.size", "engine", "'timout'", "plugin.x.timeout"}) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(key)), key + " in " + problems);
        }
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("unknown key 'timout'") && p.contains("memory.max,")),
                "an unknown key is refused with the list of keys: " + problems);
    }

    @Test
    void valuesAboveTheMaximumAreCappedWithANote() {
        List<String> notes = new ArrayList<>();
        assertEquals("256MiB", HostConfiguration.check("memory.max", "1TiB", notes::add));
        assertEquals("30s", HostConfiguration.check("plugin.a.b.timeout", "9300000000000000s", notes::add));
        assertEquals(2, notes.size(), notes.toString());
    }

    @Test
    void checkRefusesNamingTheKey() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HostConfiguration.check("timeout", "abc", n -> {}));
        assertTrue(e.getMessage().startsWith("timeout: 'abc' is not a duration"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostConfiguration.check("plugin..timeout", "1s", n -> {}));
        assertThrows(
                IllegalArgumentException.class, () -> HostConfiguration.check("plugin.a\nb.timeout", "1s", n -> {}));
        assertThrows(
                IllegalArgumentException.class,
                () -> HostConfiguration.check("plugin.a.directory", "/srv/\u001b[2J", n -> {}));
        assertThrows(IllegalArgumentException.class, () -> HostConfiguration.check("memory.budget", "0", n -> {}));
    }

    @Test
    void theBudgetIsParsedOrDefaulted() {
        assertEquals(
                2L << 30,
                HostConfiguration.of(Map.of("memory.budget", "2GiB"), problems::add)
                        .budgetBytes(7));
        assertEquals(7, HostConfiguration.of(Map.of(), problems::add).budgetBytes(7));
        assertNull(HostConfiguration.of(Map.of(), problems::add).value(Setting.MEMORY_BUDGET));
    }
}
