package io.wasmgi.wasm.host.internal.load;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.wasmgi.wasm.host.internal.text.InertText;

class VisibleTextTest {

    @Test
    void plainSymbolsAndNamesPass() {
        for (String symbol : new String[] {"+", "*", "**", "mod", "×", "÷", "√", "−", "^", "<<"}) {
            assertDoesNotThrow(() -> VisibleText.checkSymbol(symbol), symbol);
        }
        assertDoesNotThrow(() -> VisibleText.checkName("add"));
        assertDoesNotThrow(() -> VisibleText.checkName("big add"));
    }

    @Test
    void lookAlikeSymbolsAreRefused() {
        String[] lookAlikes = {
            "+\u200b", // zero-width space
            "+\u00a0", // no-break space
            "\u202e+", // right-to-left override
            "+\u2066", // bidi isolate
            "\ufeff+", // byte-order mark
            "+\u0301", // combining acute accent
            "\uff0b", // full-width plus
            "+ ",
            " +",
            "a b",
            "+\t",
            "+\u001b[2J",
            "+\r",
            "\u0085",
            "+\u2028",
            "\ue000", // private use
            "x".repeat(17),
        };
        for (String symbol : lookAlikes) {
            PluginRefusedException e = assertThrows(
                    PluginRefusedException.class, () -> VisibleText.checkSymbol(symbol), InertText.of(symbol, 40));
            assertTrue(
                    e.getMessage().codePoints().allMatch(c -> c == '\'' || InertText.showsAsItself(c)),
                    "the refusal shows the symbol escaped: " + e.getMessage());
        }
    }

    @Test
    void namesWithInvisibleCharactersAreRefused() {
        for (String name : new String[] {"add\u200b", "add\u202e", " add", "add ", "a  b", "a\nb", ""}) {
            assertThrows(PluginRefusedException.class, () -> VisibleText.checkName(name), InertText.of(name, 40));
        }
    }
}
