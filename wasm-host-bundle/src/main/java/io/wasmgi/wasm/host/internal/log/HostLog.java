package io.wasmgi.wasm.host.internal.log;

import java.util.function.Supplier;

import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * Where the host reports: the OSGi Log service when one runs (the launcher's console-log bundle shows it on the
 * console, Karaf's pax-logging keeps it), else the console directly. Refusals and compile fallbacks are warnings
 * from {@value #HOST}, a plugin that starts serving or is uninstalled is information from it; plugins' own output
 * is information from {@value #PLUGINS}, one entry per line, prefixed with the plugin's name.
 */
public final class HostLog {

    static final String HOST = "io.wasmgi.wasm.host";
    static final String PLUGINS = "io.wasmgi.plugins";

    /** A log that takes entries: a logger's name, whether the entry is a warning, the message. */
    public interface Sink {
        void log(String logger, boolean warning, String message);
    }

    private final Supplier<Sink> sink;

    /** @param sink the log service of the moment, or null while there is none */
    public HostLog(Supplier<Sink> sink) {
        this.sink = sink;
    }

    /** A log that always writes to the console (for tests and tools without a framework). */
    public static HostLog console() {
        return new HostLog(() -> null);
    }

    public void warn(String message) {
        write(HOST, true, message);
    }

    /** What happened to a plugin: it serves, or it is uninstalled. */
    public void info(String message) {
        write(HOST, false, message);
    }

    public void pluginOutput(String line) {
        write(PLUGINS, false, line);
    }

    private void write(String logger, boolean warning, String message) {
        Sink now = sink.get();
        if (now != null) {
            now.log(logger, warning, message);
        } else if (warning) {
            System.err.println(InertText.of(message));
        } else {
            System.out.println(InertText.of(message));
        }
    }
}
