package io.wasmgi.console.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

class ConsoleLogTest {

    @Test
    void whatCouldDriveATerminalIsShownEscapedOnOneLine() {
        assertEquals(
                "[WARN] io.wasmgi.plugins: \\e[2J\\r[WARN] forged\\n",
                ConsoleLog.line(entry("io.wasmgi.plugins", "\u001b[2J\r[WARN] forged\n")));
        assertEquals(
                "[WARN] evil\\u202elogger: a\\u200bb\\u2028c",
                ConsoleLog.line(entry("evil\u202elogger", "a\u200bb\u2028c")));
        assertEquals(
                "[WARN] io.wasmgi.wasm.host: plain text and é stay",
                ConsoleLog.line(entry("io.wasmgi.wasm.host", "plain text and é stay")));
    }

    /** A warning entry: only the parts the console shows. */
    private static LogEntry entry(String logger, String message) {
        Map<String, Object> parts =
                Map.of("getLoggerName", logger, "getMessage", message, "getLogLevel", LogLevel.WARN);
        return (LogEntry) Proxy.newProxyInstance(
                LogEntry.class.getClassLoader(),
                new Class<?>[] {LogEntry.class},
                (proxy, method, args) -> parts.get(method.getName()));
    }
}
