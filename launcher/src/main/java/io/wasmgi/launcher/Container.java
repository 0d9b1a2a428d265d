package io.wasmgi.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;

/** One running OSGi framework with every bundle of a folder installed and started. */
public final class Container implements AutoCloseable {

    /** Framework property: the folder Felix FileInstall watches. */
    public static final String DEPLOY_FOLDER = "felix.fileinstall.dir";

    /** Framework property: the cluster to join; when set, the bundles of {@code cluster/} are started too. */
    public static final String CLUSTER_NAME = "wasmgi.cluster.name";

    /** Framework properties of Felix HTTP: the address and port it binds; without a port, no HTTP is served. */
    public static final String HTTP_ADDRESS = "org.apache.felix.http.host";

    public static final String HTTP_PORT = "org.osgi.service.http.port";
    private static final String HTTP_ENABLED = "org.apache.felix.http.enable";

    /** The folder, inside the bundles folder, of the bundles only a cluster member starts (Hazelcast among them). */
    static final String CLUSTER_BUNDLES = "cluster";

    private final Framework framework;
    private final StorageLock storageLock;

    private Container(Framework framework, StorageLock storageLock) {
        this.framework = framework;
        this.storageLock = storageLock;
    }

    /** Starts a framework whose storage is {@code storage} (cleaned first unless the config says otherwise). */
    public static Container start(Path bundles, Path storage, Map<String, String> extraConfig)
            throws BundleException, IOException {
        return start(bundles, storage, extraConfig, context -> {});
    }

    /**
     * As {@link #start(Path, Path, Map)}, running {@code beforeBundles} once the framework is initialised but
     * before any bundle starts: a service registered there is in place before the shell can read a line.
     */
    public static Container start(
            Path bundles, Path storage, Map<String, String> extraConfig, Consumer<BundleContext> beforeBundles)
            throws BundleException, IOException {
        List<Path> jars = new ArrayList<>(jars(bundles));
        if (extraConfig.get(CLUSTER_NAME) != null) {
            jars.addAll(jars(bundles.resolve(CLUSTER_BUNDLES)));
        }

        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toAbsolutePath().toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // Felix FileInstall: watch the deploy folder (beside the storage, which is cleaned, unless told
        // otherwise), and look at once
        config.put(
                DEPLOY_FOLDER, storage.toAbsolutePath().resolveSibling("deploy").toString());
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.poll", "1000");
        config.put("felix.fileinstall.log.level", "2");
        // poll by listing the folder, not by the JDK's WatchService: many files copied at once overflow its
        // queue of 512 events, the JDK then drops them all, and FileInstall ignores the overflow: none of the
        // files would ever be installed
        config.put("felix.fileinstall.disableNio2", "true");
        // FileInstall would write every change of a configuration read from a .cfg back to its file, truncating
        // it first: a container stopped during that write left the file empty, and the next start lost the
        // settings. The host writes its own file (calc:config); nothing else needs the write-back
        config.put("felix.fileinstall.enableConfigSave", "false");
        config.putAll(extraConfig);
        // HTTP only when asked for (the launcher asks for 127.0.0.1:8080 by default): a test or an embedding
        // that says nothing binds no port, and never on every address
        if (!config.containsKey(HTTP_PORT)) {
            config.put(HTTP_ENABLED, "false");
        }
        config.putIfAbsent(HTTP_ADDRESS, "127.0.0.1");
        Files.createDirectories(Path.of(config.get(DEPLOY_FOLDER)));

        // claim the storage before anything is cleaned: a second container on it stops here, the first unharmed
        StorageLock lock = StorageLock.claim(storage);
        try {
            // no stale bundles from a previous run: cleaned here, not by the framework, which would delete the
            // folder and the lock file with it
            if (Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT.equals(config.get(Constants.FRAMEWORK_STORAGE_CLEAN))) {
                lock.cleanStorage(storage);
            }
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
            return start(jars, config, beforeBundles, lock);
        } catch (IOException | BundleException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Container start(
            List<Path> jars, Map<String, String> config, Consumer<BundleContext> beforeBundles, StorageLock lock)
            throws BundleException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi FrameworkFactory on the class path"));
        Framework framework = factory.newFramework(config);
        framework.init();
        Container container = new Container(framework, lock);
        try {
            BundleContext context = framework.getBundleContext();
            GogoSessionPins.register(context);
            beforeBundles.accept(context);
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : jars) {
                try {
                    installed.add(context.installBundle(jar.toUri().toString()));
                } catch (BundleException e) {
                    report("cannot install " + jar.getFileName(), e);
                }
            }
            framework.start();
            startAll(installed);
        } catch (RuntimeException | BundleException e) {
            container.close();
            throw e;
        }
        return container;
    }

    /** Starts every bundle but fragments, all installed first so that the resolver sees every bundle. */
    private static void startAll(List<Bundle> installed) {
        // Activators run on this thread; they must not see the launcher's class path as context class loader.
        // JLine looks its terminal providers up there and, finding none, would fall back to a dumb terminal.
        Thread thread = Thread.currentThread();
        ClassLoader launcherLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(null);
        try {
            // the shell last: its prompt comes once every other bundle has started, so that a command typed at
            // once finds the container's bundles started (their DS components follow within moments)
            List<Bundle> ordered = new ArrayList<>(installed);
            ordered.sort(java.util.Comparator.comparing(Container::isShell));
            for (Bundle bundle : ordered) {
                if (!isFragment(bundle)) {
                    try {
                        bundle.start();
                    } catch (BundleException | RuntimeException e) {
                        report("cannot start " + bundle.getSymbolicName(), e);
                    }
                }
            }
        } finally {
            thread.setContextClassLoader(launcherLoader);
        }
    }

    /** The bundle jars of {@code folder}, by name so that the start order is the same on every run. */
    private static List<Path> jars(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("bundles folder " + folder.toAbsolutePath() + " does not exist");
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }

    private static boolean isShell(Bundle bundle) {
        return String.valueOf(bundle.getSymbolicName()).startsWith("org.apache.felix.gogo.");
    }

    private static boolean isFragment(Bundle bundle) {
        return (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /** One line on stderr: a broken bundle must not stop the others, nor bury the console in a stack trace. */
    private static void report(String what, Exception e) {
        System.err.println(
                "wasmgi: " + what + ": " + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "));
    }

    public Framework framework() {
        return framework;
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** Blocks until the framework has stopped, whoever stopped it (the shell's exit, Ctrl-D, {@link #close}). */
    public void waitForStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops the framework and waits until it has stopped. */
    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(0);
        } catch (BundleException e) {
            report("cannot stop the framework", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            storageLock.close();
        }
    }
}
