package io.wasmgi.wasm.host.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * {@code calc:plugins}, every wasm plugin bundle the host has seen, serving or refused (and why); and
 * {@code calc:load}, a raw {@code .wasm} made a plugin without any packaging (named after the original
 * host's {@code PluginManager.load(path)}; not "install", which would shadow the shell's own install).
 */
public final class PluginCommands {

    private final BundleContext context;
    private final Map<Long, PluginStatus> statuses;

    PluginCommands(BundleContext context, Map<Long, PluginStatus> statuses) {
        this.context = context;
        this.statuses = statuses;
    }

    @Descriptor("list every wasm plugin bundle: serving (name, symbol, calls, faults, memory, engine) or refused, and why")
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
