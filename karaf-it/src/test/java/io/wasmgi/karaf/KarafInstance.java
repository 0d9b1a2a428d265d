package io.wasmgi.karaf;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A real Apache Karaf, unpacked from its distribution archive into a folder of its own and run as a process of
 * its own: its SSH console on a free port of the loopback address only, with a user and password made for this
 * run; no JMX (the minimal distribution has no management feature); Maven artifacts from the given Maven-layout
 * folder and Karaf's own system/ folder only (no remote repository, and a local repository inside the folder:
 * never ~/.m2). Two runs on one machine share nothing.
 *
 * <p>Commands go through Karaf's own client ({@code bin/client -b}): in that batch mode a command's return
 * value is not printed, so a test asks for it with {@code echo (command)}.
 */
final class KarafInstance implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration COMMAND = Duration.ofSeconds(120);
    private static final Duration STOP = Duration.ofSeconds(60);
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]");

    private final Path home;
    private final int sshPort;
    private final String user = "wasmgi";
    private final String password;
    private final Process process;

    private KarafInstance(Path home, int sshPort, String password, Process process) {
        this.home = home;
        this.sshPort = sshPort;
        this.password = password;
        this.process = process;
    }

    /** Unpacks {@code archive} (apache-karaf-minimal-*.tar.gz) into {@code work}, configures it and starts it. */
    static KarafInstance start(Path archive, Path work, Path repository) throws Exception {
        run(work, List.of("tar", "xzf", archive.toString(), "-C", work.toString()));
        Path home;
        try (var entries = Files.list(work)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        int sshPort = freePort();
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        KarafInstance karaf = new KarafInstance(home, sshPort, password, null);
        karaf.configure(repository);
        ProcessBuilder builder = new ProcessBuilder("sh", "bin/karaf", "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf.out").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        KarafInstance started = new KarafInstance(home, sshPort, password, process);
        try {
            started.awaitConsole();
        } catch (Exception | AssertionError e) {
            stop(process);
            throw e;
        }
        return started;
    }

    Path home() {
        return home;
    }

    /** Runs {@code commands}, one a line, in one session of Karaf's client; returns what it printed. */
    String run(String... commands) throws Exception {
        Path output = Files.createTempFile(home, "client-", ".out");
        ProcessBuilder builder = new ProcessBuilder(
                        "sh",
                        "bin/client",
                        "-h",
                        "127.0.0.1",
                        "-a",
                        Integer.toString(sshPort),
                        "-u",
                        user,
                        "-p",
                        password,
                        "-b")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process client = builder.start();
        try (OutputStream in = client.getOutputStream()) {
            in.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        boolean finished = client.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            client.descendants().forEach(ProcessHandle::destroyForcibly);
            client.destroyForcibly();
        }
        // Karaf's log:display puts colour resets in front of some lines even with --no-color
        String printed = ANSI.matcher(Files.readString(output)).replaceAll("").replace("\r", "");
        Files.delete(output);
        if (!finished) {
            throw new AssertionError(
                    "Karaf's client did not finish " + List.of(commands) + "; it printed:\n" + printed);
        }
        return printed;
    }

    /** Runs {@code commands} again, once a second, until what they print passes {@code until}; returns it. */
    String await(Predicate<String> until, Duration timeout, String... commands) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String out = run(commands);
        while (!until.test(out)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "waited " + timeout.toSeconds() + " s for " + List.of(commands) + "; it printed:\n" + out);
            }
            Thread.sleep(1000);
            out = run(commands);
        }
        return out;
    }

    /**
     * Stops Karaf as a service manager would: SIGTERM to its JVM, whose shutdown hook stops the framework (the
     * minimal distribution has no system:shutdown command); forcibly if it does not stop in time.
     */
    @Override
    public void close() throws Exception {
        stop(process);
    }

    private static void stop(Process process) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
        }
    }

    boolean isRunning() {
        return process.isAlive();
    }

    private void configure(Path repository) throws IOException {
        Path etc = home.resolve("etc");
        replaceLine(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", "sshPort = " + sshPort);
        replaceLine(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "sshHost = 127.0.0.1");
        // an EC host key is made in milliseconds, an RSA one in seconds
        Files.writeString(
                etc.resolve("org.apache.karaf.shell.cfg"),
                "\nalgorithm = EC\nkeySize = 256\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(
                etc.resolve("users.properties"),
                "\n" + user + " = " + password + ",admin,manager,viewer,systembundles,ssh\n",
                java.nio.file.StandardOpenOption.APPEND);
        String mavenRepository = repository.toUri().toString();
        Files.writeString(
                etc.resolve("org.ops4j.pax.url.mvn.cfg"),
                String.join(
                        "\n",
                        "org.ops4j.pax.url.mvn.useFallbackRepositories = false",
                        "org.ops4j.pax.url.mvn.localRepository = " + home.resolve("data/m2"),
                        "org.ops4j.pax.url.mvn.defaultRepositories = " + mavenRepository
                                + "@id=wasmgi@snapshots, ${karaf.home.uri}${karaf.default.repository}"
                                + "@id=system.repository@snapshots",
                        "org.ops4j.pax.url.mvn.repositories =",
                        ""));
    }

    private void awaitConsole() throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("Karaf stopped while starting:\n" + log());
            }
            if (run("echo console-ready").contains("console-ready")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Karaf's console did not answer in " + START.toSeconds() + " s:\n" + log());
            }
            Thread.sleep(1000);
        }
    }

    /** The start of Karaf's own output, for a failure's message. */
    String log() throws IOException {
        Path out = home.resolve("karaf.out");
        String text = Files.exists(out) ? Files.readString(out) : "";
        return text.length() > 4000 ? text.substring(0, 4000) : text;
    }

    private static void replaceLine(Path file, String key, String line) throws IOException {
        List<String> lines = Files.readAllLines(file);
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*" + key + "\\s*=.*")) {
                lines.set(i, line);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(line);
        }
        Files.write(file, lines);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(Path directory, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(command + " failed: " + out);
        }
    }
}
