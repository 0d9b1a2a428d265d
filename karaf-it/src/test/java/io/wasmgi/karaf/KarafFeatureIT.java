package io.wasmgi.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.dylibso.chicory.wabt.Wat2Wasm;

/**
 * wasmgi in a fresh Apache Karaf (the real minimal distribution, a process of its own), driven through Karaf's
 * own client: the features repository of this build, the plugins installed as bundles and dropped raw into
 * Karaf's deploy/, their output and the host's messages in Karaf's log, configuration through Karaf's etc/, the
 * example consumer, then Karaf stopped.
 */
class KarafFeatureIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Karaf's log, each entry as "LEVEL logger: message". */
    private static final String LOG = "log:display --no-color -p '%p %c: %m%n'";

    private final String version = System.getProperty("wasmgi.version");
    private final Path root = Path.of(System.getProperty("wasmgi.root"));

    @Test
    void wasmgiServesInAFreshKaraf() throws Exception {
        long started = System.nanoTime();
        Path work = Files.createTempDirectory(
                Files.createDirectories(Path.of("target").toAbsolutePath()), "karaf-");
        KarafInstance stopped;
        try (KarafInstance karaf = KarafInstance.start(
                Path.of(System.getProperty("karaf.archive")), work, Path.of(System.getProperty("karaf.repo")))) {
            stopped = karaf;
            // docs/karaf.md's commands, from a fresh Karaf
            String installed = karaf.run(
                    "feature:repo-add mvn:io.wasmgi/wasmgi-features/" + version + "/xml/features",
                    "feature:install wasmgi",
                    "bundle:list -s");
            assertTrue(installed.matches("(?s).*\\| Active \\|.*\\| io\\.wasmgi\\.wasm\\.host\\n.*"), installed);
            assertTrue(installed.matches("(?s).*\\| Active \\|.*\\| io\\.wasmgi\\.calc\\n.*"), installed);
            assertFalse(installed.contains("console.log"), "no console logger of wasmgi's in Karaf:\n" + installed);

            String plugins = karaf.run(
                    "bundle:install -s mvn:io.wasmgi/add-plugin/" + version,
                    "bundle:install -s mvn:io.wasmgi/mul-plugin/" + version,
                    "calc:demo",
                    "echo (calc:calc '7 * 6')");
            List<Long> ids = bundleIds(plugins);
            assertEquals(2, ids.size(), plugins);
            long add = ids.get(0);
            long mul = ids.get(1);
            assertTrue(plugins.endsWith("Plugin: add\nCalc: 1 + 2 = 3\nPlugin: mul\nCalc: 1 * 2 = 2\n42\n"), plugins);

            // raw .wasm files in Karaf's own deploy/, served through the host's FileInstall transformer; the
            // greeter prints a line at each call
            Files.copy(root.resolve("plugins/sub/sub.wasm"), karaf.home().resolve("deploy/sub.wasm"));
            Files.write(karaf.home().resolve("deploy/greeter.wasm"), greeter());
            assertEquals(
                    "4294967295\n5\n",
                    karaf.await(
                            out -> out.matches("\\d+\\n\\d+\\n"),
                            WAIT,
                            "echo (calc:calc 1 - 2)",
                            "echo (calc:calc 2 hi 3)"));

            // the plugin's output and the host's messages in Karaf's log, no warning of the host's
            String log = karaf.await(out -> out.contains("greetings from wasm in karaf"), WAIT, LOG);
            assertTrue(log.contains("INFO io.wasmgi.plugins: [plugin greet] greetings from wasm in karaf\n"), log);
            assertTrue(
                    log.contains("INFO io.wasmgi.wasm.host: plugin 'add' (+) is serving (bundle " + add
                            + ", io.wasmgi.plugin.add)\n"),
                    log);
            assertTrue(log.contains("INFO io.wasmgi.wasm.host: plugin 'sub' (-) is serving"), log);
            assertFalse(hostWarnings(log), "the host warned:\n" + log);

            // configuration through Karaf's etc/, applied live
            Path config = karaf.home().resolve("etc/io.wasmgi.wasm.host.cfg");
            assertTrue(Files.readString(config).contains("# timeout = 1s"), "the feature writes the documented file");
            Files.writeString(config, "plugin.io.wasmgi.plugin.mul.timeout = 250ms\n", StandardOpenOption.APPEND);
            karaf.await(out -> out.contains("timeout 250ms"), WAIT, "calc:plugins");
            assertEquals("42\n", karaf.run("echo (calc:calc '7 * 6')"), "mul serves with its new limit");

            // an uninstalled plugin is gone
            String after = karaf.run("bundle:uninstall " + add, "calc:operators", "bundle:list -s");
            assertFalse(after.contains("io.wasmgi.plugin.add"), after);
            assertTrue(after.contains(mul + " io.wasmgi.plugin.mul"), after);

            // the examples: the plugins and the consumer of docs/consuming.md
            karaf.run("feature:install wasmgi-examples");
            assertEquals("10\n", karaf.await(out -> out.matches("\\d+\\n"), WAIT, "echo (example:sum 1 2 3 4)"));
            assertEquals(
                    "0\n", karaf.run("echo (example:sum 4294967295 1)"), "u32 arithmetic wraps, as the plugin's does");
            String demo = karaf.run("calc:demo");
            assertTrue(demo.contains("Plugin: add\nCalc: 1 + 2 = 3\n"), demo);
            assertTrue(demo.contains("Plugin: pow\nCalc: 1 ^ 2 = 1\n"), demo);
            assertFalse(hostWarnings(karaf.run(LOG)));
        }
        assertFalse(stopped.isRunning(), "Karaf stopped");
        deleteTree(work); // kept when the test fails, for its data/log/karaf.log
        System.out.printf(
                "KarafFeatureIT: %.1f s from unpacking Karaf to its stop%n", (System.nanoTime() - started) / 1e9);
    }

    /** The ids that bundle:install printed ("Bundle ID: N"), in order. */
    private static List<Long> bundleIds(String output) {
        return Pattern.compile("Bundle ID: (\\d+)")
                .matcher(output)
                .results()
                .map(match -> Long.parseLong(match.group(1)))
                .toList();
    }

    /** A warning logged by the host (refusals, bad configuration keys): none is expected here. */
    private static boolean hostWarnings(String log) {
        return log.lines().anyMatch(line -> line.startsWith("WARN io.wasmgi"));
    }

    private static void deleteTree(Path top) throws IOException {
        try (var paths = Files.walk(top)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static byte[] greeter() throws IOException {
        try (InputStream in = KarafFeatureIT.class.getResourceAsStream("/greeter.wat")) {
            return Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
