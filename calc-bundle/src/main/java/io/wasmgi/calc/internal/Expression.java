package io.wasmgi.calc.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.wasmgi.calc.api.CalcOperator;

/** A parsed {@code A OP B}, from one quoted argument or from three shell words. */
record Expression(long left, String symbol, long right) {

    /** Digits (or a signed number, so that a negative one is named as such), a symbol, digits. */
    private static final Pattern COMPACT = Pattern.compile("\\s*(-?\\w+)\\s*([^\\w\\s]+?)\\s*(-?\\w+)\\s*");

    static final String USAGE =
            "usage: calc:calc A OP B, or calc:calc 'A OP B' (A and B in 0.." + CalcOperator.MAX_VALUE + ")";

    /**
     * Parses the words the shell handed over. Gogo expands an unquoted {@code *} into the files of the current
     * folder: a list among the words, or middle words that are all the names of files there, mean the symbol was
     * eaten by the shell; other words past three are only too many.
     */
    static Expression parse(Object... words) {
        return parse(Expression::currentFolderNames, words);
    }

    /** As {@link #parse(Object...)}, with the current folder's file names from {@code folder}. */
    static Expression parse(Supplier<Set<String>> folder, Object... words) {
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
                Set<String> middle = new TreeSet<>();
                for (int i = 1; i < words.length - 1; i++) {
                    middle.add(String.valueOf(words[i]));
                }
                if (folder.get().containsAll(middle)) {
                    throw globbed();
                }
                throw new IllegalArgumentException(
                        "too many words in '" + join(words) + "': one operator at a" + " time; " + USAGE);
        }
    }

    /** The names of the current folder's files, as Gogo's * expands (hidden ones left out); at most 1000. */
    static Set<String> currentFolderNames() {
        try (Stream<Path> files = Files.list(Path.of(""))) {
            return files.limit(1000)
                    .map(f -> f.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException | RuntimeException e) {
            return Set.of();
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
            throw new IllegalArgumentException(
                    value + " is too large: operands are unsigned 32-bit integers, 0.." + CalcOperator.MAX_VALUE);
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
