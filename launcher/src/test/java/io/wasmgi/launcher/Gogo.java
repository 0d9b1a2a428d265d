package io.wasmgi.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Runs Gogo commands in the running framework, as the shell would, and captures what they print.
 * Reflection again: Gogo's API is in the framework, not on the test's class path.
 */
final class Gogo implements AutoCloseable {

    /** What one command printed, and what it returned. */
    record Result(String out, String err, Object value) {}

    private final Object session;
    private final Method execute;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Gogo(BundleContext context) throws Exception {
        ServiceReference<?> ref =
                Services.find(context, "org.apache.felix.service.command.CommandProcessor", null).stream()
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("Gogo's CommandProcessor is not there"));
        Object processor = context.getService(ref);
        Method create = processor
                .getClass()
                .getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class);
        session = create.invoke(
                processor,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        execute = session.getClass().getMethod("execute", CharSequence.class);
        execute.setAccessible(true);
    }

    Result run(String command) throws Exception {
        out.reset();
        err.reset();
        Object value = execute.invoke(session, command);
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), value);
    }

    @Override
    public void close() throws Exception {
        session.getClass().getMethod("close").invoke(session);
    }
}
