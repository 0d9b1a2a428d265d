package io.wasmgi.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher as a user starts it, {@code java -jar wasmgi.jar}, with its shell driven through standard input,
 * expect-style: type a line, wait for what it should print.
 */
final class ShellProcess implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final OutputStream stdin;
    private final StringBuilder output = new StringBuilder();
    private int mark;

    ShellProcess(Path workingDir, String... args) throws IOException {
        this(workingDir, launcher(List.of(), args));
    }

    /** The launcher with system properties of its JVM, {@code -Dname=value}: framework properties set at launch. */
    static ShellProcess withSystemProperties(Path workingDir, List<String> properties, String... args)
            throws IOException {
        return new ShellProcess(workingDir, launcher(properties, args));
    }

    private ShellProcess(Path workingDir, List<String> command) throws IOException {
        process = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .start();
        stdin = process.getOutputStream();
        Thread reader = new Thread(() -> pump(process.getInputStream()), "shell-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The launcher in a terminal of its own (a pseudo-terminal from util-linux's {@code script}), as a user at a
     * console has it: Ctrl-C there interrupts the running command instead of stopping the JVM.
     */
    static ShellProcess inTerminal(Path workingDir, String... args) throws IOException {
        String command = launcher(List.of(), args).stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'")
                .collect(java.util.stream.Collectors.joining(" "));
        // a terminal of a size (JLine needs room to draw the prompt) and of a type it knows
        return new ShellProcess(
                workingDir,
                List.of("script", "-qfec", "stty cols 200 rows 50; export TERM=xterm; exec " + command, "/dev/null"));
    }

    private static List<String> launcher(List<String> systemProperties, String... args) {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(systemProperties);
        command.addAll(List.of("-jar", TestPaths.launcherJar().toString()));
        command.addAll(List.of(args));
        if (!command.contains("--http")) {
            command.addAll(List.of("--http", "off")); // never the default 8080: a developer's container may hold it
        }
        return command;
    }

    /** Types Ctrl-C, which a terminal turns into SIGINT for the launcher (see {@link #inTerminal}). */
    void ctrlC() throws IOException {
        stdin.write(3);
        stdin.flush();
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (output) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    output.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Types one line into the shell. */
    void type(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Closes standard input, as Ctrl-D at the prompt does. */
    void endInput() throws IOException {
        stdin.close();
    }

    /** Waits until the output since the last match matches {@code regex}; returns the match. */
    Matcher expect(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long end = System.nanoTime() + WAIT.toNanos();
        synchronized (output) {
            while (true) {
                Matcher m = pattern.matcher(output);
                if (m.find(mark)) {
                    mark = m.end();
                    return m;
                }
                long left = end - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !m.find(mark))) {
                    throw new AssertionError(
                            "expected /" + regex + "/ in the shell's output:\n" + output.substring(mark));
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
            }
        }
    }

    String allOutput() {
        synchronized (output) {
            return output.toString();
        }
    }

    long pid() {
        return process.pid();
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the container did not stop; output:\n" + allOutput());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
