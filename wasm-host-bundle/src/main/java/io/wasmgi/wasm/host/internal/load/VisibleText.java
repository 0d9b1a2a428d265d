package io.wasmgi.wasm.host.internal.load;

import java.text.Normalizer;

import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * What a plugin's {@code name()} and {@code operator()} may return: text that looks like what it is. A symbol
 * is what callers type and what tells one operator from another, so it may hold no space, no invisible
 * character (zero-width space, bidi controls, other format characters), no combining mark, and no character
 * that Unicode's compatibility normalization would turn into another (a full-width {@code ＋} for {@code +}):
 * two plugins' rows can then never look alike while meaning different operators. A name may hold plain spaces
 * between words, nothing else invisible.
 */
public final class VisibleText {

    static final int MAX_SYMBOL_CHARS = 16;

    private VisibleText() {}

    static void checkName(String name) throws PluginRefusedException {
        check("name", name);
        if (!name.equals(name.trim()) || name.contains("  ")) {
            throw new PluginRefusedException("name() returned '" + shown(name, 80) + "', which starts or ends"
                    + " with a space or holds two in a row");
        }
    }

    static void checkSymbol(String symbol) throws PluginRefusedException {
        check("operator", symbol);
        if (symbol.codePointCount(0, symbol.length()) > MAX_SYMBOL_CHARS) {
            throw new PluginRefusedException(
                    "operator() returned '" + shown(symbol, 80) + "', longer than " + MAX_SYMBOL_CHARS + " characters");
        }
        if (symbol.indexOf(' ') >= 0) {
            throw new PluginRefusedException(
                    "operator() returned '" + shown(symbol, 80) + "', which holds" + " a space");
        }
        if (symbol.codePoints().anyMatch(VisibleText::isCombining)) {
            throw new PluginRefusedException(
                    "operator() returned '" + shown(symbol, 80) + "', which holds" + " a combining mark");
        }
        if (!Normalizer.normalize(symbol, Normalizer.Form.NFKC).equals(symbol)) {
            throw new PluginRefusedException("operator() returned '" + shown(symbol, 80) + "', which looks like" + " '"
                    + shown(Normalizer.normalize(symbol, Normalizer.Form.NFKC), 80) + "'; use that instead");
        }
    }

    private static void check(String export, String text) throws PluginRefusedException {
        if (text.isEmpty()) {
            throw new PluginRefusedException(export + "() returned an empty string");
        }
        if (!text.codePoints().allMatch(InertText::showsAsItself)) {
            throw new PluginRefusedException(export + "() returned '" + shown(text, 80) + "', which holds"
                    + " control, invisible or white-space characters");
        }
    }

    /** The text as a refusal quotes it: escaped where it would not show as itself, spaces other than ' ' too. */
    private static String shown(String text, int maxChars) {
        StringBuilder out = new StringBuilder();
        InertText.of(text, maxChars).codePoints().forEach(c -> {
            if (InertText.showsAsItself(c)) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return out.toString();
    }

    private static boolean isCombining(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }
}
