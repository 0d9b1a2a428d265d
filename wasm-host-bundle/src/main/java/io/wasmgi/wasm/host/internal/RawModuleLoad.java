package io.wasmgi.wasm.host.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.wasmgi.wasm.host.internal.call.WasmCalcOperator;
import io.wasmgi.wasm.host.internal.config.ManifestHeaders;
import io.wasmgi.wasm.host.internal.deploy.BoundedModuleReader;
import io.wasmgi.wasm.host.internal.deploy.ModuleReadException;
import io.wasmgi.wasm.host.internal.deploy.RawModuleBundles;
import io.wasmgi.wasm.host.internal.deploy.WasmMagic;
import io.wasmgi.wasm.host.internal.log.ThreadWarnings;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * {@code calc:load}: a raw module from a path or a URL made a plugin, reported in one line. The module is read
 * bounded ({@link BoundedModuleReader}) and must start as a wasm module does before any bundle is made. A new
 * plugin that the host refuses is uninstalled again: nothing is left behind. An update (the same place loaded
 * again) that the host refuses is rolled back: the plugin's previous module is put back and serves on.
 */
public final class RawModuleLoad {

    private final BundleContext context;
    private final Map<Long, PluginStatus> statuses;
    private final BoundedModuleReader reader;
    private final PrintStream out;
    private final PrintStream err;

    RawModuleLoad(
            BundleContext context,
            Map<Long, PluginStatus> statuses,
            BoundedModuleReader reader,
            PrintStream out,
            PrintStream err) {
        this.context = context;
        this.statuses = statuses;
        this.reader = reader;
        this.out = out;
        this.err = err;
    }

    /** Where a module comes from: its URI (the bundle's location) and its file name. */
    record Source(URI uri, String fileName) {

        /** A path such as {@code plugins/add/add.wasm}, or a URL. */
        static Source of(String source) {
            boolean url = source.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !source.matches("[a-zA-Z]:\\\\.*");
            URI uri = url
                    ? URI.create(source)
                    : Path.of(source).toAbsolutePath().normalize().toUri();
            String path = uri.getPath() == null ? uri.getSchemeSpecificPart() : uri.getPath();
            return new Source(uri, path.substring(path.lastIndexOf('/') + 1));
        }
    }

    void load(String source) {
        String shown = InertText.of(source);
        Source from;
        try {
            from = Source.of(source);
        } catch (IllegalArgumentException e) { // also an InvalidPathException
            err.println("calc: cannot load " + shown + ": it is neither a path nor a URL ("
                    + InertText.of(String.valueOf(e.getMessage())) + ")");
            return;
        }
        byte[] module;
        try {
            module = reader.read(from.uri());
            WasmMagic.check(module);
        } catch (ModuleReadException e) {
            err.println("calc: cannot load " + shown + ": " + InertText.of(e.getMessage()));
            return;
        } catch (InterruptedException e) {
            // Ctrl-C: the command stops here, and its interrupt is spent. Not set again: the shell's output is an
            // interruptible channel, which a write from an interrupted thread would close for good.
            err.println("calc: stopped loading " + shown + ": interrupted");
            return;
        }
        String location = from.uri().toString();
        try {
            Bundle existing = context.getBundle(location);
            if (existing == null) {
                install(shown, location, wrap(from.fileName(), location, module));
            } else {
                update(shown, existing, from.fileName(), wrap(from.fileName(), location, module));
            }
        } catch (Exception e) {
            err.println("calc: cannot install " + shown + ": " + InertText.of(String.valueOf(e.getMessage())));
        }
    }

    private void install(String shown, String location, byte[] bundle) throws Exception {
        Bundle plugin = context.installBundle(location, new ByteArrayInputStream(bundle));
        String refusal;
        try {
            refusal = settle(plugin, plugin::start);
        } catch (Exception e) {
            uninstall(plugin);
            throw e;
        }
        if (refusal == null) {
            out.println(serving(plugin));
        } else {
            uninstall(plugin);
            err.println("calc: refused " + shown + ": " + refusal + "; nothing was installed");
        }
    }

    private void update(String shown, Bundle existing, String fileName, byte[] bundle) throws Exception {
        byte[] previous = previousModule(existing);
        String refusal = settle(existing, () -> {
            existing.update(new ByteArrayInputStream(bundle));
            existing.start();
        });
        if (refusal == null) {
            out.println(serving(existing) + " (updated)");
            return;
        }
        if (previous == null) {
            err.println("calc: refused " + shown + ": " + refusal + "; bundle " + existing.getBundleId()
                    + " stays installed, refused");
            return;
        }
        byte[] rollback = wrap(fileName, existing.getLocation(), previous);
        String again = settle(existing, () -> {
            existing.update(new ByteArrayInputStream(rollback));
            existing.start();
        });
        err.println("calc: refused " + shown + ": " + refusal + "; "
                + (again == null
                        ? "the previous module serves on, " + serving(existing)
                        : "the previous module is refused too (" + again + "), bundle " + existing.getBundleId()));
    }

    /**
     * Runs what starts (or updates, which restarts) the plugin, its refusal (if any) reported by this command
     * alone.
     *
     * @return null if the plugin serves, else why it is refused
     */
    private String settle(Bundle plugin, ThreadWarnings.Action startOrUpdate) throws Exception {
        List<String> warnings = new ArrayList<>();
        ThreadWarnings.collect(warnings, startOrUpdate);
        PluginStatus status = statuses.get(plugin.getBundleId());
        String refusal =
                status == null ? "the wasm host did not take it up" : status.isActive() ? null : status.refusal();
        for (String warning : warnings) {
            if (refusal == null || !warning.endsWith(refusal)) {
                err.println("calc: " + InertText.of(warning));
            }
        }
        return refusal == null ? null : InertText.of(refusal);
    }

    /** Uninstalls a plugin this command installed: the command reports it, the host need not. */
    private static void uninstall(Bundle plugin) throws Exception {
        ThreadWarnings.collect(new ArrayList<>(), plugin::uninstall);
    }

    private String serving(Bundle plugin) {
        WasmCalcOperator operator = statuses.get(plugin.getBundleId()).operator();
        return "plugin '" + operator.name() + "' (" + operator.symbol() + ") is serving, bundle "
                + plugin.getBundleId();
    }

    /** The module of a raw plugin bundle, to put back if its update is refused; null if it has none. */
    private byte[] previousModule(Bundle existing) {
        URL entry = existing.getEntry(RawModuleBundles.ENTRY);
        if (entry == null || existing.getHeaders("").get(ManifestHeaders.MODULE) == null) {
            return null;
        }
        try (InputStream in = entry.openStream()) {
            return in.readNBytes(reader.maxBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] wrap(String fileName, String location, byte[] module) throws IOException {
        return RawModuleBundles.wrap(fileName, location, new ByteArrayInputStream(module));
    }
}
