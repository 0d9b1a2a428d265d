package io.wasmgi.wasm.host.internal.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Makes text from a plugin, a file name or a URL safe to print on a terminal or in a log line: every character
 * that could move the cursor, end the line, change the terminal's state or reorder what is shown is written
 * escaped instead ({@code \e}, {@code \r}, {@code \x07}, {@code \u202e}), so that such text can neither clear
 * the screen nor forge a line of the host's own. Tab stays. Malformed text (invalid UTF-8, lone
 * surrogates) is shown as U+FFFD or escaped, never passed on.
 */
public final class InertText {

    private InertText() {}

    /** {@code text} with every control, separator and bidi character escaped: always a single line. */
    public static String of(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            String escaped = escape(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.appendCodePoint(c);
                }
            }
            i += Character.charCount(c);
        }
        return out == null ? text : out.toString();
    }

    /** As {@link #of(String)}, cut to {@code maxChars} characters first (marked with an ellipsis). */
    public static String of(String text, int maxChars) {
        if (text.codePointCount(0, text.length()) <= maxChars) {
            return of(text);
        }
        return of(text.substring(0, text.offsetByCodePoints(0, maxChars))) + "…";
    }

    /** Whether {@code c} shows as itself: no control, no format character, no space but the plain one. */
    public static boolean showsAsItself(int c) {
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
                return false;
            case Character.SPACE_SEPARATOR:
                return c == ' ';
            default:
                return true;
        }
    }

    /** UTF-8 bytes made inert: malformed sequences become U+FFFD, then as {@link #of(String)}. */
    public static String ofUtf8(byte[] bytes, int off, int len) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, off, len));
            return of(chars.toString());
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }

    /** The escape for {@code c}, or null if it may be shown as it is. */
    private static String escape(int c) {
        switch (c) {
            case '\t':
                return null;
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case 0x1b:
                return "\\e";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("\\x%02x", c);
        }
        if ((c >= 0x80 && c <= 0x9f) || isHidden(c)) {
            return c > 0xffff ? String.format("\\u{%x}", c) : String.format("\\u%04x", c);
        }
        return null;
    }

    /**
     * Bidi controls (U+200E/F, U+202A–E, U+2066–9, U+061C), zero-width and other format characters, line and
     * paragraph separators (U+2028/9), lone surrogates (malformed text), private-use characters, and every
     * character the platform's Unicode tables do not know yet.
     */
    private static boolean isHidden(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE
                || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
    }
}
