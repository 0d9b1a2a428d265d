package io.wasmgi.wasm.host.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class InertTextTest {

    @Test
    void plainTextTabsAndLettersOfAnyScriptStayAsTheyAre() {
        String plain = "42 = 6 * 7\tgrüße, 日本, привет, 😀 \\e";
        assertSame(plain, InertText.of(plain));
    }

    @Test
    void terminalControlsAreShownEscaped() {
        assertEquals("\\e[2J\\e]0;pwned\\x07", InertText.of("\u001b[2J\u001b]0;pwned\u0007"));
        assertEquals("a\\rb\\nc\\x08d\\x00e\\x7f", InertText.of("a\rb\nc\bd\0e\u007f"));
        assertEquals("\\u009b2J \\u0085 \\u0080", InertText.of("\u009b2J \u0085 \u0080"), "C1 controls, NEL");
    }

    @Test
    void bidiControlsSeparatorsAndInvisibleCharactersAreShownEscaped() {
        assertEquals("\\u202eexe.txt", InertText.of("\u202eexe.txt"));
        assertEquals("a\\u2028b\\u2029c", InertText.of("a\u2028b\u2029c"));
        assertEquals(
                "\\u200e\\u200f\\u2066\\u2069\\u061c\\u200b\\ufeff",
                InertText.of("\u200e\u200f\u2066\u2069\u061c\u200b\ufeff"));
        assertEquals("tag\\u{e0041}", InertText.of("tag\udb40\udc41"), "a supplementary format character");
        assertEquals("lone \\ud800 surrogate", InertText.of("lone \ud800 surrogate"));
    }

    @Test
    void aForgedHostLineStaysOnThePluginsLine() {
        String forged = InertText.of("done\r\n[WARN] io.wasmgi.wasm.host: refused plugin (bundle 3, add)");
        assertFalse(forged.contains("\n") || forged.contains("\r"), forged);
        assertEquals("done\\r\\n[WARN] io.wasmgi.wasm.host: refused plugin (bundle 3, add)", forged);
    }

    @Test
    void longTextIsCutBeforeItIsEscaped() {
        assertEquals("xxxxxxxxxx…", InertText.of("x".repeat(100), 10));
        assertEquals("ab\\e…", InertText.of("ab\u001b[2J", 3));
        assertEquals("short", InertText.of("short", 10));
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        byte[] bytes = {'o', 'k', (byte) 0xff, (byte) 0xc3, ' ', (byte) 0xe2, (byte) 0x80, (byte) 0xae, 0x1b};
        assertEquals("ok\ufffd\ufffd \\u202e\\e", InertText.ofUtf8(bytes, 0, bytes.length));
        byte[] c1AsUtf8 = "\u009b31m".getBytes(StandardCharsets.UTF_8);
        assertEquals("\\u009b31m", InertText.ofUtf8(c1AsUtf8, 0, c1AsUtf8.length));
    }
}
