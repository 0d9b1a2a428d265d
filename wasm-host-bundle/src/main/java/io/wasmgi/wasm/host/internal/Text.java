package io.wasmgi.wasm.host.internal;

/**
 * Text from outside (a plugin, a manifest, a file name, a command) made safe to show: every character that is
 * not plainly visible (controls, escape sequences, carriage returns, format and bidi controls, line separators,
 * spaces other than the plain one) is written as an escape, so that it can neither drive a terminal nor look
 * like something it is not; and the text is cut to a length.
 */
final class Text {

    private Text() {
    }

    /** {@code text} with every invisible character escaped, cut to {@code maxChars} (marked with an ellipsis). */
    static String quote(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        int i = 0;
        while (i < text.length() && out.length() < maxChars) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (isVisible(c)) {
                out.appendCodePoint(c);
            } else {
                escape(c, out);
            }
        }
        if (i < text.length()) {
            out.append('…');
        }
        return out.toString();
    }

    /** Whether {@code c} shows as itself: no control, no format character, no space but the plain one. */
    static boolean isVisible(int c) {
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

    private static void escape(int c, StringBuilder out) {
        switch (c) {
            case '\n':
                out.append("\\n");
                break;
            case '\r':
                out.append("\\r");
                break;
            case '\t':
                out.append("\\t");
                break;
            case 0x1b:
                out.append("\\e");
                break;
            default:
                out.append(c < 0x100 ? String.format("\\x%02x", c) : String.format("\\u%04x", c));
        }
    }

    /** A size as people write it: {@code 16MiB}, {@code 64KiB}, {@code 1.5GiB}, {@code 100B}. */
    static String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value == Math.rint(value) ? (long) value + units[unit] : String.format("%.1f%s", value, units[unit]);
    }
}
