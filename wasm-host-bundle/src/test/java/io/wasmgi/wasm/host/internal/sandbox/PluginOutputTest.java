package io.wasmgi.wasm.host.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PluginOutputTest {

    private final List<String> lines = new ArrayList<>();

    @Test
    void splitsLinesAndNamesThePlugin() {
        PluginOutput out = new PluginOutput("[add] ", lines::add, 100, 100);
        out.write("hello\nwor".getBytes(StandardCharsets.UTF_8), 0, 9);
        out.write("ld\n".getBytes(StandardCharsets.UTF_8), 0, 3);
        assertEquals(List.of("[add] hello", "[add] world"), lines);
    }

    @Test
    void cutsLongLinesAndDropsAFlood() {
        PluginOutput out = new PluginOutput("[x] ", lines::add, 8, 3);
        byte[] flood = new byte[100_000];
        for (int i = 0; i < flood.length; i++) {
            flood[i] = (byte) (i % 50 == 49 ? '\n' : 'a');
        }
        out.write(flood, 0, flood.length);
        assertEquals(3, lines.size(), "at most 3 lines a second");
        assertTrue(lines.get(0).startsWith("[x] aaaaaaaa [line cut at 8 bytes]"), lines.get(0));
    }

    @Test
    void aPluginsLineIsInertAndCannotForgeAHostLine() {
        PluginOutput out = new PluginOutput("[plugin evil] ", lines::add, 1024, 100);
        byte[] attack = ("\u001b[2J\u001b]0;title\u0007\rok\r\n[WARN] io.wasmgi.wasm.host: refused plugin"
                        + " (bundle 3, add)\n\u202e\b\u009b\n")
                .getBytes(StandardCharsets.UTF_8);
        out.write(attack, 0, attack.length);
        assertEquals(
                List.of(
                        "[plugin evil] \\e[2J\\e]0;title\\x07\\rok\\r",
                        "[plugin evil] [WARN] io.wasmgi.wasm.host: refused plugin (bundle 3, add)",
                        "[plugin evil] \\u202e\\x08\\u009b"),
                lines);
    }
}
