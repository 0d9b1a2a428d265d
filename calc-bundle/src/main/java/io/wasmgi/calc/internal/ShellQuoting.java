package io.wasmgi.calc.internal;

/**
 * How to type an operator's symbol at the Gogo shell. Gogo takes some characters as its own syntax before any
 * command sees them: {@code *} and {@code ?} expand to file names, {@code %} is a syntax error, {@code &} runs in
 * the background, {@code |} pipes, {@code < >} redirect, {@code ;} ends a command, brackets and braces open
 * lists and closures, {@code #} starts a comment, {@code \} escapes, {@code $} expands variables and {@code =}
 * assigns or splits ({@code ==} arrives as two words). A symbol with any of them, or a space, must be quoted.
 */
final class ShellQuoting {

    private static final String GOGO_SYNTAX = "*?%&|<>;{}()[]#\\\"'$=";

    private ShellQuoting() {}

    static boolean needsQuotes(String symbol) {
        return symbol.codePoints().anyMatch(c -> GOGO_SYNTAX.indexOf(c) >= 0 || Character.isWhitespace(c));
    }

    /** A command that computes 7 OP 6, as typed at the shell: quoted where the symbol needs it. */
    static String example(String symbol) {
        String expression = "7 " + symbol + " 6";
        if (!needsQuotes(symbol)) {
            return "calc:calc " + expression;
        }
        if (symbol.indexOf('\'') < 0) {
            return "calc:calc '" + expression + "'"; // single quotes keep everything as it is
        }
        // a single quote cannot be quoted (Gogo's double quotes do not hold one either): escape each character
        StringBuilder escaped = new StringBuilder("calc:calc 7 ");
        symbol.codePoints().forEach(c -> {
            if (GOGO_SYNTAX.indexOf(c) >= 0 || Character.isWhitespace(c)) {
                escaped.append('\\');
            }
            escaped.appendCodePoint(c);
        });
        return escaped.append(" 6").toString();
    }
}
