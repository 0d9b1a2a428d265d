package io.wasmgi.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/** A Gogo session on the framework's command processor, as the shell has it, capturing what each command prints. */
final class Shell implements AutoCloseable {

    /** What one command printed, and what it returned. */
    record Result(String out, String err, Object value) {}

    private final CommandSession session;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Shell(CommandProcessor processor) {
        session = processor.createSession(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Runs one command line; an exception thrown by the command comes out as it is. */
    Result run(String command) throws Exception {
        out.reset();
        err.reset();
        Object value = session.execute(command);
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), value);
    }

    /** What {@code command} printed on its output; a command that fails the shell is a test error. */
    String out(String command) throws Exception {
        return run(command).out();
    }

    /** The line of {@code calc:plugins} that names {@code bundleName}, or an empty string. */
    String pluginsLine(String bundleName) throws Exception {
        return out("calc:plugins")
                .lines()
                .filter(l -> l.contains(bundleName))
                .findFirst()
                .orElse("");
    }

    @Override
    public void close() {
        session.close();
    }
}
