package io.wasmgi.launcher;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Constants;

/** {@code java -jar wasmgi.jar}: start the container, let Gogo own the console, exit when the framework stops. */
public final class Main {

    /** Held here: java.util.logging keeps only a weak reference to a logger, and would forget its level. */
    private static final Logger SPI_FLY_LOG = Logger.getLogger("org.apache.aries.spifly");

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("wasmgi: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(Options.USAGE);
            return;
        }

        // JLine falls back to a dumb terminal when stdin is not a tty (piped commands); say that is expected,
        // or it prints a warning on every start
        if (System.getProperty("org.jline.terminal.dumb") == null) {
            System.setProperty("org.jline.terminal.dumb", "true");
        }

        if (!options.cluster().isEmpty()) {
            // Hazelcast's bundle would register a script engine manager for its Management Center, which fails
            // here and would run scripts sent over the network if it did not: off
            System.setProperty("hazelcast.osgi.jsr223.disabled", "true");
        }
        // Jetty logs through SLF4J with no provider installed (Felix HTTP reports through the OSGi Log): say
        // nothing of it; and the Service Loader Mediator's notes of each provider it registers are not news
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        SPI_FLY_LOG.setLevel(Level.WARNING);

        ExitCommand exit = new ExitCommand();
        Map<String, String> config = new HashMap<>();
        if (options.keepStorage()) {
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        }
        config.put(Container.DEPLOY_FOLDER, options.deploy().toString());
        config.putAll(options.cluster());
        if (options.http().on()) {
            config.put(Container.HTTP_ADDRESS, options.http().address());
            config.put(Container.HTTP_PORT, Integer.toString(options.http().port()));
        }
        Container container;
        try {
            container = Container.start(options.bundles(), options.storage(), config, exit::register);
        } catch (Exception e) {
            System.err.println("wasmgi: cannot start the container: " + e.getMessage());
            System.exit(1);
            return;
        }

        // SIGTERM, SIGINT without a terminal, System.exit: stop the framework (bundles stop, the shell restores
        // the terminal) before the JVM goes. halt() then reports the shell's exit code rather than 128+signal.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            container.close();
                            Runtime.getRuntime().halt(exit.code());
                        },
                        "wasmgi-shutdown"));

        // the shell's exit or Ctrl-D, or end of piped input, stops the framework
        container.waitForStop();
        System.exit(exit.code());
    }
}
