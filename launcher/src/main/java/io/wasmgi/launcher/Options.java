package io.wasmgi.launcher;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/** The command line of {@code java -jar wasmgi.jar}. */
record Options(
        Path bundles,
        Path storage,
        Path deploy,
        boolean keepStorage,
        Http http,
        Map<String, String> cluster,
        boolean help) {

    static final String USAGE = """
            Usage: java -jar wasmgi.jar [--bundles DIR] [--storage DIR] [--keep-storage] [--deploy DIR]
                                        [--http PORT|ADDRESS:PORT|off]
                   [--cluster NAME [--cluster-secret SECRET] [--cluster-port P] [--cluster-members HOST:PORT,...]
                    [--cluster-bind ADDRESS]] [--help]
              --bundles DIR     start every bundle jar of DIR (default: bundles/ next to wasmgi.jar,
                                or the system property wasmgi.bundles)
              --storage DIR     the framework's storage (default: work/ next to wasmgi.jar)
              --keep-storage    keep what the storage holds from the last run instead of cleaning it
              --deploy DIR      the deploy folder: bundles and .wasm files dropped there are installed,
                                replaced ones updated, deleted ones uninstalled (default: deploy/ in
                                the current folder)
              --http PORT       serve the web console, its API and /metrics on 127.0.0.1:PORT (default
                                8080); ADDRESS:PORT binds another address (the API still needs the
                                token); off serves no HTTP at all
              --cluster NAME    join (or start) the cluster NAME: modules loaded with cluster:load serve on
                                every member (off by default; see docs/cluster.md)
              --cluster-secret SECRET   the members' shared secret (or the environment's WASMGI_CLUSTER_SECRET)
              --cluster-port P  this member's port (default 5701, the next free one after it)
              --cluster-members HOST:PORT,...   where to look for the other members (TCP, no multicast)
              --cluster-bind ADDRESS    the address to listen on (default 127.0.0.1: this machine only)
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
        Http http = Http.parse("8080");
        boolean help = false;
        Map<String, String> cluster = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bundles" -> bundles = Paths.get(value(args, ++i, "--bundles"));
                case "--storage" -> storage = Paths.get(value(args, ++i, "--storage"));
                case "--keep-storage" -> keepStorage = true;
                case "--deploy" -> deploy = Paths.get(value(args, ++i, "--deploy"));
                case "--cluster" -> cluster.put("wasmgi.cluster.name", value(args, ++i, "--cluster"));
                case "--cluster-secret" -> cluster.put("wasmgi.cluster.secret", value(args, ++i, "--cluster-secret"));
                case "--cluster-port" -> cluster.put("wasmgi.cluster.port", value(args, ++i, "--cluster-port"));
                case "--cluster-members" ->
                    cluster.put("wasmgi.cluster.members", value(args, ++i, "--cluster-members"));
                case "--cluster-bind" -> cluster.put("wasmgi.cluster.bind", value(args, ++i, "--cluster-bind"));
                case "--http" -> http = Http.parse(value(args, ++i, "--http"));
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (!cluster.isEmpty() && !cluster.containsKey("wasmgi.cluster.name")) {
            throw new IllegalArgumentException("the --cluster-* options need --cluster NAME");
        }
        String secret = System.getenv("WASMGI_CLUSTER_SECRET");
        if (cluster.containsKey("wasmgi.cluster.name")
                && !cluster.containsKey("wasmgi.cluster.secret")
                && secret != null) {
            cluster.put("wasmgi.cluster.secret", secret);
        }
        return new Options(bundles, storage, deploy.toAbsolutePath(), keepStorage, http, Map.copyOf(cluster), help);
    }

    /**
     * Where the HTTP server listens: loopback unless an address is given.
     *
     * @param address null when HTTP is off
     */
    record Http(String address, int port) {

        static Http parse(String value) {
            if (value.equals("off")) {
                return new Http(null, 0);
            }
            int colon = value.lastIndexOf(':');
            String address = colon < 0 ? "127.0.0.1" : value.substring(0, colon);
            String port = value.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("--http takes a port (1..65535), ADDRESS:PORT, or off");
            }
            if (!address.matches("[A-Za-z0-9.:\\[\\]-]{1,255}")) {
                throw new IllegalArgumentException("--http: '" + address + "' is not an address");
            }
            return new Http(address, Integer.parseInt(port));
        }

        boolean on() {
            return address != null;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
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
