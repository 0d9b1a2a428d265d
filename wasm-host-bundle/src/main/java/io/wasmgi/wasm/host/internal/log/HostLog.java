package io.wasmgi.wasm.host.internal.log;

import java.util.function.Supplier;

import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * Where the host reports: the OSGi Log service when one runs (the launcher's console-log bundle shows it on the console),
 * else the console directly. Refusals and compile fallbacks are warnings from {@value #HOST}, a plugin that
 * starts serving or is uninstalled is information from it; plugins' own
 * output is information from {@value #PLUGINS}, one entry per line, prefixed with the plugin's name.
 */
public final class HostLog {

    static final String HOST = "io.wasmgi.wasm.host";
    static final String PLUGINS = "io.wasmgi.plugins";

    private final Supplier<LoggerFactory> loggers;

    public HostLog(Supplier<LoggerFactory> loggers) {
        this.loggers = loggers;
    }

    public void warn(String message) {
        Logger logger = logger(HOST);
        if (logger == null) {
            System.err.println(InertText.of(message));
        } else {
            logger.warn(message);
        }
    }

    /** What happened to a plugin: it serves, or it is uninstalled. */
    public void info(String message) {
        Logger logger = logger(HOST);
        if (logger == null) {
            System.out.println(InertText.of(message));
        } else {
            logger.info(message);
        }
    }

    public void pluginOutput(String line) {
        Logger logger = logger(PLUGINS);
        if (logger == null) {
            System.out.println(InertText.of(line));
        } else {
            logger.info(line);
        }
    }

    private Logger logger(String name) {
        LoggerFactory factory = loggers.get();
        return factory == null ? null : factory.getLogger(name);
    }
}
