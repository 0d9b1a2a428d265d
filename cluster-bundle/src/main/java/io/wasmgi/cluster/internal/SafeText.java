package io.wasmgi.cluster.internal;

/**
 * Text from another member (a refusal's reason, which may echo a module's content) made safe for a terminal or
 * a page: every control, format, separator, private or unassigned character is written escaped ({@code \x1b},
 * {@code \u202e}), so it stays one line and cannot move the cursor or reorder what is shown; and it is cut.
 */
final class SafeText {

    private SafeText() {}

    /** {@code text} cut to {@code maxChars} code points (then an ellipsis), every unsafe character escaped. */
    static String of(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        int shown = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            if (shown == maxChars) {
                return out.append('…').toString();
            }
            int c = text.codePointAt(i);
            if (c == ' ' || showsAsItself(c)) {
                out.appendCodePoint(c);
            } else {
                out.append(c <= 0xff ? String.format("\\x%02x", c) : String.format("\\u%04x", c));
            }
            shown++;
        }
        return out.toString();
    }

    private static boolean showsAsItself(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
