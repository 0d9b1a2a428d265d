package io.wasmgi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcOperator;
import io.wasmgi.testsupport.Await;
import io.wasmgi.testsupport.PluginJars;

/**
 * A test inside the running framework, which every test of a bndrun shares: the services come injected with their
 * real types, and each test leaves the framework as it found it: the bundles it installed (itself, through
 * calc:load or a deploy folder) are uninstalled, and the host's configuration is restored.
 */
abstract class FrameworkTest {

    static final String HOST_PID = "io.wasmgi.wasm.host";

    private static final AtomicInteger INSTALLS = new AtomicInteger();

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    CommandProcessor commandProcessor;

    @TempDir
    Path work;

    Shell shell;

    private final List<Configuration> deployFolders = new ArrayList<>();
    private long lastBundleBefore;
    private Dictionary<String, Object> hostConfigBefore;
    private String configShownBefore;

    @BeforeEach
    void noteTheFrameworkAsFound() throws Exception {
        shell = new Shell(commandProcessor);
        lastBundleBefore = lastBundleId();
        Dictionary<String, Object> properties = hostConfiguration().getProperties();
        hostConfigBefore = properties == null ? null : copy(properties);
        configShownBefore = shell.out("calc:config");
    }

    @AfterEach
    void leaveTheFrameworkAsFound() throws Exception {
        try {
            for (Configuration watcher : deployFolders) {
                watcher.delete();
            }
            List<Bundle> installed = new ArrayList<>();
            for (Bundle bundle : context.getBundles()) {
                if (bundle.getBundleId() > lastBundleBefore) {
                    installed.add(0, bundle);
                }
            }
            for (Bundle bundle : installed) {
                if (bundle.getState() != Bundle.UNINSTALLED) {
                    bundle.uninstall();
                }
            }
            Configuration host = hostConfiguration();
            if (hostConfigBefore == null) {
                if (host.getProperties() != null) {
                    host.delete();
                }
            } else {
                host.update(hostConfigBefore);
            }
            Await.until(
                    "the host's configuration is as before",
                    () -> shell.out("calc:config").equals(configShownBefore));
        } finally {
            shell.close();
        }
    }

    /**
     * A deploy folder for this test: {@code dir} watched by a FileInstall watcher of its own, configured through
     * Config Admin as the launcher configures its one through framework properties (polling the folder, not the
     * JDK's WatchService, which drops events when many files arrive at once). Removed after the test.
     */
    Path deployFolder(Path dir) throws Exception {
        Files.createDirectories(dir);
        Configuration watcher = configAdmin.createFactoryConfiguration("org.apache.felix.fileinstall", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("felix.fileinstall.dir", dir.toString());
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.poll", "200");
        properties.put("felix.fileinstall.disableNio2", "true");
        properties.put("felix.fileinstall.log.level", "2");
        watcher.update(properties);
        deployFolders.add(watcher);
        return dir;
    }

    private long lastBundleId() {
        long last = 0;
        for (Bundle bundle : context.getBundles()) {
            last = Math.max(last, bundle.getBundleId());
        }
        return last;
    }

    Configuration hostConfiguration() throws Exception {
        return configAdmin.getConfiguration(HOST_PID, "?");
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (var keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }

    // ---- installing ----

    /** Installs and starts a bundle from its bytes, as the shell's {@code start file:...} does. */
    Bundle install(String name, byte[] jar) throws BundleException {
        Bundle bundle = context.installBundle(
                "itests:" + name + "#" + INSTALLS.incrementAndGet(), new ByteArrayInputStream(jar));
        bundle.start();
        return bundle;
    }

    /** Installs and starts this build's plugin {@code name} (add, mul, sub). */
    Bundle installPlugin(String name) throws BundleException {
        return install(name + "-plugin.jar", Fixtures.pluginJar(name));
    }

    /** Installs and starts a bundle that wraps {@code module} with the Wasm-Plugin header and {@code headers}. */
    Bundle installModule(String symbolicName, byte[] module, Map<String, String> headers) throws BundleException {
        return install(symbolicName, PluginJars.bundle(symbolicName, module, headers));
    }

    // ---- operators, typed ----

    /** The operator services of {@code filter} (null: all). */
    Collection<ServiceReference<CalcOperator>> operators(String filter) {
        try {
            return context.getServiceReferences(CalcOperator.class, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Collection<ServiceReference<CalcOperator>> operatorsServing(String symbol) {
        return operators("(" + CalcOperator.SYMBOL_PROPERTY + "=" + escape(symbol) + ")");
    }

    boolean serves(String symbol) {
        return !operatorsServing(symbol).isEmpty();
    }

    /** The highest ranked operator service for {@code symbol}, as the calc bundle chooses. */
    ServiceReference<CalcOperator> operatorRef(String symbol) {
        // the natural order of service references puts the highest ranked last
        return operatorsServing(symbol).stream()
                .max(Comparable::compareTo)
                .orElseThrow(() -> new AssertionError("no operator service for '" + symbol + "'"));
    }

    /** The operator serving {@code symbol}, as a service object of this test bundle. */
    CalcOperator operator(String symbol) {
        CalcOperator operator = context.getService(operatorRef(symbol));
        if (operator == null) {
            throw new IllegalStateException("the operator for '" + symbol + "' is gone");
        }
        return operator;
    }

    /** {@code calc(a, b)} of the operator serving {@code symbol}. */
    long calc(String symbol, long a, long b) {
        ServiceReference<CalcOperator> ref = operatorRef(symbol);
        CalcOperator operator = context.getService(ref);
        if (operator == null) {
            throw new IllegalStateException("the operator for '" + symbol + "' is gone");
        }
        try {
            return operator.calc(a, b);
        } finally {
            context.ungetService(ref);
        }
    }

    /**
     * Calls {@code calc(1, 0)} on the operator serving {@code symbol}, which must fail with {@code reason} and a
     * message holding each of {@code messageParts}.
     */
    CalcException assertCallFails(String symbol, CalcException.Reason reason, String... messageParts) {
        CalcException e = assertThrows(CalcException.class, () -> calc(symbol, 1, 0));
        assertEquals(reason, e.reason(), e.getMessage());
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' lacks '" + part + "'");
        }
        return e;
    }

    /** Escapes a value for an LDAP filter: {@code *} alone would be a presence test. */
    static String escape(String value) {
        return value.replaceAll("([\\\\*()])", "\\\\$1");
    }
}
