package io.wasmgi.calc.internal;

import java.math.BigInteger;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wasmgi.calc.api.CalcOperator;

/** A parsed {@code A OP B}, from one quoted argument or from three shell words. */
record Expression(long left, String symbol, long right) {

    /** Digits (or a signed number, so that a negative one is named as such), a symbol, digits. */
    private static final Pattern COMPACT = Pattern.compile("\\s*(-?\\w+)\\s*([^\\w\\s]+?)\\s*(-?\\w+)\\s*");

    static final String USAGE = "usage: calc:calc A OP B, or calc:calc 'A OP B' (A and B in 0.."
            + CalcOperator.MAX_VALUE + ")";

    /**
     * Parses the words the shell handed over. Gogo expands an unquoted {@code *} into the files of the current
     * folder, so more than three words, or a list among them, means the symbol was eaten by the shell.
     */
    static Expression parse(Object... words) {
        for (Object word : words) {
            if (word instanceof Collection<?>) {
                throw globbed();
            }
        }
        switch (words.length) {
            case 0:
                throw new IllegalArgumentException("missing expression; " + USAGE);
            case 1:
                return parseCompact(String.valueOf(words[0]));
            case 2:
                throw new IllegalArgumentException("incomplete expression '" + join(words) + "'; " + USAGE);
            case 3:
                return of(String.valueOf(words[0]), String.valueOf(words[1]), String.valueOf(words[2]));
            default:
                throw globbed();
        }
    }

    private static Expression parseCompact(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length == 3) {
            return of(parts[0], parts[1], parts[2]);
        }
        Matcher m = COMPACT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read '" + text + "' as an expression; " + USAGE);
        }
        return of(m.group(1), m.group(2), m.group(3));
    }

    private static Expression of(String left, String symbol, String right) {
        return new Expression(operand(left), symbol, operand(right));
    }

    static long operand(String text) {
        BigInteger value;
        try {
            value = new BigInteger(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number; " + USAGE);
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("negative number " + value
                    + ": operands are unsigned 32-bit integers, 0.." + CalcOperator.MAX_VALUE);
        }
        if (value.compareTo(BigInteger.valueOf(CalcOperator.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(value + " is too large: operands are unsigned 32-bit integers, 0.."
                    + CalcOperator.MAX_VALUE);
        }
        return value.longValue();
    }

    private static IllegalArgumentException globbed() {
        return new IllegalArgumentException("the shell expanded the symbol (an unquoted * becomes the files of the"
                + " current folder); quote the expression: calc:calc '7 * 6'");
    }

    private static String join(Object... words) {
        StringBuilder b = new StringBuilder();
        for (Object w : words) {
            b.append(b.length() == 0 ? "" : " ").append(w);
        }
        return b.toString();
    }
}
