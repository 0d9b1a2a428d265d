package io.wasmgi.wasm.host.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code calc:config}, the host's live configuration; {@code calc:plugins}, every wasm plugin bundle the host has seen, serving or refused (and why); and
 * {@code calc:load}, a raw {@code .wasm} made a plugin without any packaging (named after the original
 * host's {@code PluginManager.load(path)}; not "install", which would shadow the shell's own install).
 */
public final class PluginCommands {

    private final BundleContext context;
    private final PluginTracker plugins;
    private final Map<Long, PluginStatus> statuses;

    PluginCommands(BundleContext context, PluginTracker plugins) {
        this.context = context;
        this.plugins = plugins;
        this.statuses = plugins.statuses();
    }

    @Descriptor("show the host's live configuration (PID " + HostConfiguration.PID + ") and the limits of a plugin"
            + " that asks for nothing")
    public void config() {
        PrintStream out = System.out;
        Map<String, String> values = plugins.configuration().values();
        if (values.isEmpty()) {
            out.println("No configuration: built-in defaults.");
        }
        values.forEach((k, v) -> out.println(k + " = " + v));
        out.println("A plugin that asks for nothing gets: " + plugins.defaults().describe());
        MemoryBudget budget = plugins.budget();
        out.println("Memory budget of all plugins together (memory.budget): " + Text.bytes(budget.budgetBytes())
                + ", " + Text.bytes(budget.reservedBytes()) + " reserved");
    }

    @Descriptor("set one configuration key, applied to every plugin at once: memory.max, timeout, pool.size,"
            + " engine, memory.budget, or plugin.<bundle symbolic name>.<key>; no value removes the key")
    public void config(@Descriptor("the key, e.g. timeout or plugin.io.wasmgi.plugin.add.timeout") String key,
            @Descriptor("the value, e.g. 250ms, 32MiB, 4, interpreter") String... value) throws IOException {
        String checked = null;
        if (value.length > 0) {
            try {
                checked = HostConfiguration.check(key, String.join(" ", value),
                        note -> System.out.println("calc: " + note));
            } catch (IllegalArgumentException e) {
                System.err.println("calc: " + e.getMessage() + "; nothing was changed");
                return;
            }
        }
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = ref == null ? null : context.getService(ref);
        if (admin == null) {
            System.err.println("calc: no Configuration Admin service is running");
            return;
        }
        try {
            Configuration config = admin.getConfiguration(HostConfiguration.PID, "?");
            Dictionary<String, Object> properties = config.getProperties() != null
                    ? config.getProperties() : new Hashtable<>();
            if (value.length == 0) {
                if (properties.remove(key) == null) {
                    System.out.println("calc: " + Text.quote(key, 80) + " was not set");
                    return;
                }
            } else {
                properties.put(key, checked);
            }
            config.update(properties);
        } finally {
            context.ungetService(ref);
        }
    }

    @Descriptor("list every wasm plugin bundle: serving (name, symbol, calls, faults, memory, engine, and its"
            + " limits and where each came from) or refused, and why")
    public void plugins() {
        PrintStream out = System.out;
        if (statuses.isEmpty()) {
            out.println("No wasm plugin bundle is installed.");
            return;
        }
        out.printf("%-4s %-28s %-8s %-10s %-6s %-8s %-7s %-10s %-22s %s%n", "ID", "BUNDLE", "STATE", "NAME",
                "SYMBOL", "CALLS", "FAULTS", "MEAN", "MEMORY (IDLE/LIMIT)", "ENGINE");
        statuses.values().stream().sorted(Comparator.comparingLong(PluginStatus::bundleId)).forEach(s -> {
            if (s.isActive()) {
                InstancePool pool = s.operator().pool();
                out.printf("%-4d %-28s %-8s %-10s %-6s %-8d %-7d %-10s %-22s %s%n", s.bundleId(), s.bundleName(),
                        "active", s.operator().name(), s.operator().symbol(), pool.calls(), pool.faults(),
                        String.format("%.1f us", pool.meanCallMicros()),
                        pool.idleMemoryBytes() / 1024 + "/" + pool.memoryLimitBytes() / 1024 + " KiB", pool.engine());
                out.println("     limits: " + s.limits().describe());
            } else {
                out.printf("%-4d %-28s %-8s %s%n", s.bundleId(), s.bundleName(), "refused", s.refusal());
            }
        });
    }

    /** Installs (or, from the same place again, updates) and starts a raw module from a path or a URL. */
    @Descriptor("install and start a raw .wasm module as a plugin, from a path or a URL; again from the same place updates it")
    public void load(@Descriptor("a path such as plugins/add/add.wasm, or a URL") String source) {
        URI uri = source.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !source.matches("[a-zA-Z]:\\\\.*")
                ? URI.create(source)
                : Path.of(source).toAbsolutePath().normalize().toUri();
        String path = uri.getPath() == null ? uri.getSchemeSpecificPart() : uri.getPath();
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        try (InputStream in = uri.toURL().openStream()) {
            byte[] bundle = RawModuleBundles.wrap(fileName, uri.toString(), in);
            Bundle existing = context.getBundle(uri.toString());
            Bundle plugin = existing;
            if (existing == null) {
                plugin = context.installBundle(uri.toString(), new ByteArrayInputStream(bundle));
            } else {
                existing.update(new ByteArrayInputStream(bundle));
            }
            plugin.start();
            System.out.println("Bundle ID: " + plugin.getBundleId());
            PluginStatus status = statuses.get(plugin.getBundleId());
            if (status != null && status.isActive()) {
                System.out.println("plugin '" + status.operator().name() + "' (" + status.operator().symbol()
                        + ") is serving");
            } else if (status != null) {
                System.err.println("calc: refused " + fileName + ": " + status.refusal());
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("calc: cannot read " + source + ": " + e.getMessage());
        } catch (BundleException e) {
            System.err.println("calc: cannot install " + source + ": " + e.getMessage());
        }
    }
}
