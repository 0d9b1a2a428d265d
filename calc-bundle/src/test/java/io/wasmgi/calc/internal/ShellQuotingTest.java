package io.wasmgi.calc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;

/** Each example is typed into Gogo's own parser, which must hand the command the three words 7, the symbol, 6. */
class ShellQuotingTest {

    /** Gogo passes these through as they are. */
    private static final List<String> PLAIN =
            List.of("+", "-", "/", "^", "@", "!", "~", ":", ",", ".", "x", "mod", "÷");

    /** Gogo reads these as its own syntax: expanded, split, redirected, or refused. */
    private static final List<String> SYNTAX = List.of(
            "*", "?", "%", "&", "|", "<", ">", ";", "(", ")", "[", "]", "{", "}", "#", "==", "<=", ">=", "**", "<<",
            "&&", "||", "$", "=", "!=", "a b", "'", "\"", "\\", "$'", "%%");

    /** A command that records the words it is given, standing in for calc:calc. */
    public static final class Recorder {
        String words;

        public void w(Object... words) {
            StringBuilder joined = new StringBuilder();
            for (Object word : words) {
                joined.append(joined.length() == 0 ? "" : " ").append(word);
            }
            this.words = joined.toString();
        }
    }

    @Test
    void plainSymbolsNeedNoQuotesAndReachTheCommandIntact() throws Exception {
        for (String symbol : PLAIN) {
            assertFalse(ShellQuoting.needsQuotes(symbol), symbol);
            assertEquals("calc:calc 7 " + symbol + " 6", ShellQuoting.example(symbol));
            assertEquals("7 " + symbol + " 6", typed(ShellQuoting.example(symbol)), symbol);
        }
    }

    @Test
    void symbolsGogoReadsAsSyntaxAreQuotedAndReachTheCommandIntact() throws Exception {
        for (String symbol : SYNTAX) {
            assertTrue(ShellQuoting.needsQuotes(symbol), symbol);
            assertEquals("7 " + symbol + " 6", typed(ShellQuoting.example(symbol)), symbol);
        }
    }

    @Test
    void unquotedTheySomeDoNotReachTheCommandAsTyped() throws Exception {
        for (String symbol : List.of("%", "|", ";", "==", "(")) {
            String typed;
            try {
                typed = typed("calc:calc 7 " + symbol + " 6");
            } catch (Exception refusedByTheShell) {
                typed = null;
            }
            assertFalse(("7 " + symbol + " 6").equals(typed), symbol + " passed unquoted: it needs no quotes");
        }
    }

    /** What the command receives when {@code line} is typed into a Gogo session (calc:calc stands for it). */
    private static String typed(String line) throws Exception {
        CommandProcessorImpl processor = new CommandProcessorImpl(null);
        Recorder recorder = new Recorder();
        processor.addCommand("calc", recorder, "w");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            session.execute(line.replaceFirst("^calc:calc ", "calc:w "));
        }
        return recorder.words;
    }
}
