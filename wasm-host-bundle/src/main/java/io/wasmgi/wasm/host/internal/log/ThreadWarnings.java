package io.wasmgi.wasm.host.internal.log;

import java.util.List;
import java.util.function.Consumer;

/**
 * Warnings that a shell command reports itself: while the command installs or starts a plugin on its own
 * thread, the host's warnings raised on that thread (the bundle tracker is called synchronously) are collected
 * for the command to print in its own words, instead of a second copy going to the log; news that a plugin
 * serves or is uninstalled is left to the command too.
 */
public final class ThreadWarnings {

    private static final ThreadLocal<List<String>> COLLECTED = new ThreadLocal<>();

    /** An action that may throw what installing or starting a bundle throws. */
    public interface Action {
        void run() throws Exception;
    }

    private ThreadWarnings() {}

    /** {@code log}, unless the current thread is collecting its warnings. */
    public static Consumer<String> orElse(Consumer<String> log) {
        return message -> {
            List<String> collected = COLLECTED.get();
            if (collected != null) {
                collected.add(message);
            } else {
                log.accept(message);
            }
        };
    }

    /** {@code log}, unless the current thread is collecting: the command says what came of it itself. */
    public static Consumer<String> silencedOr(Consumer<String> log) {
        return message -> {
            if (COLLECTED.get() == null) {
                log.accept(message);
            }
        };
    }

    /** Runs {@code action}, adding every warning it raises on this thread to {@code into}. */
    public static void collect(List<String> into, Action action) throws Exception {
        List<String> outer = COLLECTED.get();
        COLLECTED.set(into);
        try {
            action.run();
        } finally {
            if (outer == null) {
                COLLECTED.remove();
            } else {
                COLLECTED.set(outer);
            }
        }
    }
}
