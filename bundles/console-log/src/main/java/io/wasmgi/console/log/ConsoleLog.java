package io.wasmgi.console.log;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;

import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * Shows the OSGi log on the console, one line per entry: {@code [WARN] io.wasmgi.wasm.host: ...}. wasmgi's own
 * entries and plugins' output from the level set by the framework property {@value #LEVEL_PROPERTY}
 * (default {@code info}; {@code -Dwasmgi.log.level=warn} hides plugin output); everyone else's from warnings
 * up, so that the framework's chatter stays out. The launcher's own: a runtime with a log console of its own
 * (Karaf's pax-logging) leaves this bundle out.
 */
@Component(
        immediate = true,
        service = {})
public class ConsoleLog implements LogListener {

    static final String LEVEL_PROPERTY = "wasmgi.log.level";

    /** The console the container started with: entries arrive on the log's own thread, not a shell's. */
    private final PrintStream console = System.out;

    @Reference
    private LogReaderService reader;

    /** The log keeps only warnings by default: wasmgi's loggers are set to the level shown. */
    @Reference
    private LoggerAdmin admin;

    private volatile LogLevel level = LogLevel.INFO;

    @Activate
    void activate(BundleContext context) {
        String configured = context.getProperty(LEVEL_PROPERTY);
        if (configured != null) {
            try {
                level = LogLevel.valueOf(configured.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                console.println("[WARN] io.wasmgi.console.log: " + LEVEL_PROPERTY + " '" + configured
                        + "' is not one of error, warn, info, debug, trace; using info");
            }
        }
        LoggerContext root = admin.getLoggerContext(null);
        Map<String, LogLevel> levels = new HashMap<>(root.getLogLevels());
        levels.put("io.wasmgi", level);
        root.setLogLevels(levels);
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        boolean ours = entry.getLoggerName().startsWith("io.wasmgi");
        LogLevel threshold = ours ? level : LogLevel.WARN;
        if (!threshold.implies(entry.getLogLevel())) {
            return;
        }
        console.println(line(entry));
    }

    /** One inert line per entry, whoever logged it: messages quote file names, URLs and plugins' text. */
    static String line(LogEntry entry) {
        Throwable t = entry.getException();
        String message = entry.getMessage() + (t == null ? "" : " (" + t + ")");
        return "[" + entry.getLogLevel() + "] " + InertText.of(entry.getLoggerName()) + ": " + InertText.of(message);
    }
}
