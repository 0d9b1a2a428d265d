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

    /**
     * What came of putting a module in place: the plugin bundle and whether it serves, one line that says so (or
     * why not, and what was left), and the warnings of its start besides the refusal itself.
     *
     * @param bundle the plugin bundle, or null if nothing stays installed
     */
    record Outcome(Bundle bundle, boolean serving, String line, List<String> warnings) {}

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
        try {
            Outcome outcome = put(shown, from.uri().toString(), from.fileName(), module);
            outcome.warnings().forEach(warning -> err.println("calc: " + warning));
            if (outcome.serving()) {
                out.println(outcome.line());
            } else {
                err.println("calc: " + outcome.line());
            }
        } catch (Exception e) {
            err.println("calc: cannot install " + shown + ": " + InertText.of(String.valueOf(e.getMessage())));
        }
    }

    /**
     * Installs a module already read and checked ({@link WasmMagic}) at {@code location}, or updates the bundle
     * already there.
     *
     * @param shown how the module is named in the outcome's line
     * @throws Exception if the framework could not install or start the bundle at all
     */
    Outcome put(String shown, String location, String fileName, byte[] module) throws Exception {
        Bundle existing = context.getBundle(location);
        if (existing == null) {
            return install(shown, location, wrap(fileName, location, module));
        }
        return update(shown, existing, fileName, wrap(fileName, location, module));
    }

    private Outcome install(String shown, String location, byte[] bundle) throws Exception {
        Bundle plugin = context.installBundle(location, new ByteArrayInputStream(bundle));
        return started(shown, plugin);
    }

    /**
     * Starts a bundle just installed; refused, it is uninstalled again: nothing is left behind.
     *
     * @throws Exception if the framework could not start it (the bundle is uninstalled first)
     */
    Outcome started(String shown, Bundle plugin) throws Exception {
        List<String> warnings = new ArrayList<>();
        String refusal;
        try {
            refusal = settle(plugin, plugin::start, warnings);
        } catch (Exception e) {
            uninstall(plugin);
            throw e;
        }
        if (refusal == null) {
            return new Outcome(plugin, true, serving(plugin), warnings);
        }
        uninstall(plugin);
        return new Outcome(null, false, "refused " + shown + ": " + refusal + "; nothing was installed", warnings);
    }

    private Outcome update(String shown, Bundle existing, String fileName, byte[] bundle) throws Exception {
        List<String> warnings = new ArrayList<>();
        byte[] previous = previousModule(existing);
        String refusal = settle(
                existing,
                () -> {
                    existing.update(new ByteArrayInputStream(bundle));
                    existing.start();
                },
                warnings);
        if (refusal == null) {
            return new Outcome(existing, true, serving(existing) + " (updated)", warnings);
        }
        if (previous == null) {
            return new Outcome(
                    existing,
                    false,
                    "refused " + shown + ": " + refusal + "; bundle " + existing.getBundleId()
                            + " stays installed, refused",
                    warnings);
        }
        byte[] rollback = wrap(fileName, existing.getLocation(), previous);
        String again = settle(
                existing,
                () -> {
                    existing.update(new ByteArrayInputStream(rollback));
                    existing.start();
                },
                warnings);
        return new Outcome(
                existing,
                false,
                "refused " + shown + ": " + refusal + "; "
                        + (again == null
                                ? "the previous module serves on, " + serving(existing)
                                : "the previous module is refused too (" + again + "), bundle "
                                        + existing.getBundleId()),
                warnings);
    }

    /**
     * Runs what starts (or updates, which restarts) the plugin, its refusal (if any) reported by the caller
     * alone; the other warnings of the start go to {@code warnings}.
     *
     * @return null if the plugin serves, else why it is refused
     */
    private String settle(Bundle plugin, ThreadWarnings.Action startOrUpdate, List<String> warnings) throws Exception {
        List<String> collected = new ArrayList<>();
        ThreadWarnings.collect(collected, startOrUpdate);
        PluginStatus status = statuses.get(plugin.getBundleId());
        String refusal =
                status == null ? "the wasm host did not take it up" : status.isActive() ? null : status.refusal();
        for (String warning : collected) {
            if (refusal == null || !warning.endsWith(refusal)) {
                warnings.add(InertText.of(warning));
            }
        }
        return refusal == null ? null : InertText.of(refusal);
    }

    /** Uninstalls a plugin this command installed: the command reports it, the host need not. */
    static void uninstall(Bundle plugin) throws Exception {
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
