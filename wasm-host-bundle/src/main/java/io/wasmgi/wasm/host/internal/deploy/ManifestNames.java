package io.wasmgi.wasm.host.internal.deploy;

import java.util.Locale;
import java.util.regex.Pattern;

import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * The names a raw module's bundle gets from its file name, which is not to be trusted: a name may hold line
 * breaks (a manifest header of its own), colons, controls, bidi characters or anything else. Each name is built
 * from an allow-list of printable ASCII and bounded in length, so that nothing of a file name or URL can become
 * a manifest header, a continuation line, or a character a terminal acts on.
 */
public final class ManifestNames {

    /** The longest name made; a longer file name is cut, its hash in the version keeps bundles apart. */
    static final int MAX_LENGTH = 64;

    /** What a value written into the manifest may hold: printable ASCII, nothing that ends or continues a line. */
    private static final Pattern SAFE_VALUE = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?");

    private ManifestNames() {}

    /**
     * A symbolic-name segment: {@code Add-Plugin.wasm} becomes {@code add-plugin}, {@code my.mod.wasm}
     * {@code my_mod}; only {@code a-z}, {@code 0-9}, {@code _} and {@code -}; {@code module} if nothing is left.
     */
    static String symbolicSegment(String fileName) {
        String base = withoutWasmSuffix(fileName).toLowerCase(Locale.ROOT);
        return allowed(base, "abcdefghijklmnopqrstuvwxyz0123456789_-", "module");
    }

    /** A human-readable name: letters, digits, space and {@code ._+-()@,}; anything else becomes {@code _}. */
    static String displayName(String fileName) {
        return allowed(
                fileName.strip(), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ._+-()@,", "module");
    }

    /**
     * Checks, last, that {@code value} can only be read back as itself: one line of printable ASCII with no
     * leading or trailing space.
     *
     * @throws IllegalArgumentException if it cannot
     */
    static String checked(String header, String value) {
        if (value.length() > 4 * MAX_LENGTH || !SAFE_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("unsafe value for " + header + ": '" + InertText.of(value) + "'");
        }
        return value;
    }

    private static String withoutWasmSuffix(String fileName) {
        return fileName.regionMatches(true, Math.max(0, fileName.length() - 5), ".wasm", 0, 5)
                ? fileName.substring(0, fileName.length() - 5)
                : fileName;
    }

    private static String allowed(String text, String allowed, String ifNothingLeft) {
        StringBuilder name = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        text.codePoints()
                .limit(MAX_LENGTH)
                .forEach(c -> name.append(c < 128 && allowed.indexOf(c) >= 0 ? (char) c : '_'));
        String result = name.toString().strip();
        boolean meaningless = result.chars().allMatch(c -> c == '_' || c == '.' || c == ' ');
        return meaningless ? ifNothingLeft : result;
    }
}
