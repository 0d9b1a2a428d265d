package io.wasmgi.launcher;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The command line of {@code java -jar wasmgi.jar}. */
record Options(Path bundles, Path storage, Path deploy, boolean keepStorage, boolean help) {

    static final String USAGE = """
            Usage: java -jar wasmgi.jar [--bundles DIR] [--storage DIR] [--keep-storage] [--deploy DIR] [--help]
              --bundles DIR     start every bundle jar of DIR (default: bundles/ next to wasmgi.jar,
                                or the system property wasmgi.bundles)
              --storage DIR     the framework's storage (default: work/ next to wasmgi.jar)
              --keep-storage    keep what the storage holds from the last run instead of cleaning it
              --deploy DIR      the deploy folder: bundles and .wasm files dropped there are installed,
                                replaced ones updated, deleted ones uninstalled (default: deploy/ in
                                the current folder)
              --help            print this and exit
            In the shell: lb lists the bundles, help lists the commands, exit (or Ctrl-D) stops.""";

    /** Parses {@code args}; throws IllegalArgumentException with a one-line message on bad input. */
    static Options parse(String... args) {
        Path home = home();
        String bundlesProperty = System.getProperty("wasmgi.bundles");
        Path bundles = bundlesProperty != null ? Paths.get(bundlesProperty) : home.resolve("bundles");
        Path storage = home.resolve("work");
        Path deploy = Paths.get("deploy");
        boolean keepStorage = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bundles" -> bundles = Paths.get(value(args, ++i, "--bundles"));
                case "--storage" -> storage = Paths.get(value(args, ++i, "--storage"));
                case "--keep-storage" -> keepStorage = true;
                case "--deploy" -> deploy = Paths.get(value(args, ++i, "--deploy"));
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        return new Options(bundles, storage, deploy.toAbsolutePath(), keepStorage, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a folder");
        }
        return args[i];
    }

    /** The folder that holds wasmgi.jar (target/ too when run from target/classes), so defaults work from anywhere. */
    private static Path home() {
        try {
            Path location = Paths.get(Options.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return location.toAbsolutePath().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
