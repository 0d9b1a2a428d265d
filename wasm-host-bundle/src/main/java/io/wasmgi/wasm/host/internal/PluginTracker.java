package io.wasmgi.wasm.host.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.BundleTrackerCustomizer;

import io.wasmgi.calc.api.CalcOperator;
import io.wasmgi.wasm.host.internal.call.WasmCalcOperator;
import io.wasmgi.wasm.host.internal.config.HostConfiguration;
import io.wasmgi.wasm.host.internal.config.ManifestHeaders;
import io.wasmgi.wasm.host.internal.config.SandboxLimits;
import io.wasmgi.wasm.host.internal.config.Setting;
import io.wasmgi.wasm.host.internal.load.PluginLoader;
import io.wasmgi.wasm.host.internal.load.PluginRefusedException;
import io.wasmgi.wasm.host.internal.sandbox.DirectoryGrant;
import io.wasmgi.wasm.host.internal.text.ByteSize;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * The extender's view of plugin bundles: when a bundle with a {@code Wasm-Plugin} header becomes active its module
 * is loaded and registered as a {@link CalcOperator} service owned by that bundle; when it stops, the service
 * goes and its calls in flight are stopped. A bundle whose module is refused stays installed and keeps the
 * reason. When the configuration changes, every plugin is loaded again with its new limits, and the new service
 * replaces the old one: calls in flight finish on the old instances, the next call runs under the new limits. A
 * plugin that cannot be loaded under the new configuration keeps serving under its previous one, and the log
 * says why: a configuration change never takes a serving plugin offline.
 */
public final class PluginTracker implements BundleTrackerCustomizer<PluginTracker.Plugin> {

    static final String SHA256_PROPERTY = "wasm.module.sha256";

    /** One plugin bundle and what serves it now, if anything. */
    static final class Plugin {
        final Bundle bundle;
        ServiceRegistration<CalcOperator> registration;
        WasmCalcOperator operator;
        SandboxLimits limits;

        Plugin(Bundle bundle) {
            this.bundle = bundle;
        }
    }

    private final Bundle host;
    private final PluginLoader loader;
    private final SandboxLimits builtIn;
    private final Consumer<String> console;
    private final Consumer<String> events;
    private final PluginLifecycleEvents posted;
    private final MemoryBudget budget = new MemoryBudget();
    /** How each plugin bundle seen was last known, to name it in one line once it is uninstalled. */
    private final Map<Long, String> known = new ConcurrentHashMap<>();

    private final Map<Long, Plugin> plugins = new ConcurrentHashMap<>();
    private final Map<Long, PluginStatus> statuses = new ConcurrentHashMap<>();
    private volatile HostConfiguration configuration = new HostConfiguration(Map.of());
    /** The configuration every plugin runs under: set once the last plugin is loaded again under a new one. */
    private volatile HostConfiguration applied = configuration;

    /**
     * @param host    the host's own bundle: plugin bundles wired to another host are left to it
     * @param builtIn the limits of a plugin that neither the configuration nor its manifest changes
     * @param console told of refusals and capped limits
     * @param events  told, in one line each, of a plugin that starts serving (installed, updated, or no longer
     *                refused) and of a plugin bundle uninstalled
     * @param posted  posts each plugin's lifecycle and faults through the Event Admin
     */
    PluginTracker(
            Bundle host,
            PluginLoader loader,
            SandboxLimits builtIn,
            Consumer<String> console,
            Consumer<String> events,
            PluginLifecycleEvents posted) {
        this.host = host;
        this.loader = loader;
        this.builtIn = builtIn;
        this.console = console;
        this.events = events;
        this.posted = posted;
    }

    /** Says which plugin an uninstalled bundle was, if it was one. */
    void uninstalled(Bundle bundle) {
        String plugin = known.remove(bundle.getBundleId());
        if (plugin != null) {
            events.accept(plugin + " is uninstalled (" + label(bundle) + ")");
        }
    }

    /** Every plugin bundle seen, active or refused, by bundle id. */
    Map<Long, PluginStatus> statuses() {
        return statuses;
    }

    /** Applies a new configuration to every plugin, loading each again. */
    void configure(HostConfiguration configuration) {
        this.configuration = configuration;
        budget.budget(configuration.budgetBytes(MemoryBudget.defaultBytes()));
        for (Plugin plugin : plugins.values()) {
            load(plugin, true);
        }
        applied = configuration; // what calc:config waits for: the next call meets the new limits
    }

    /** The configuration applied to every plugin (a newer one may be loading). */
    HostConfiguration configuration() {
        return applied;
    }

    /** The limits of a plugin that asks for nothing, under the configuration of the moment. */
    SandboxLimits defaults() {
        return limitsFor(null, header -> null, note -> {});
    }

    MemoryBudget budget() {
        return budget;
    }

    @Override
    public Plugin addingBundle(Bundle bundle, BundleEvent event) {
        if (bundle.getHeaders("").get(ManifestHeaders.MODULE) == null || !ExtenderWiring.isServedBy(bundle, host)) {
            return null;
        }
        Plugin plugin = new Plugin(bundle);
        plugins.put(bundle.getBundleId(), plugin);
        load(plugin, false);
        return plugin;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, Plugin plugin) {
        // only the active state is tracked: nothing to do between its sub-states
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Plugin plugin) {
        plugins.remove(bundle.getBundleId());
        statuses.remove(bundle.getBundleId());
        synchronized (plugin) {
            unregister(plugin.registration);
            posted.removed(bundle.getBundleId(), name(bundle), plugin.operator);
            if (plugin.operator != null) {
                plugin.operator.stop(); // going for good: its calls in flight end now
            }
            plugin.registration = null;
            plugin.operator = null;
            budget.release(bundle.getBundleId());
        }
    }

    /**
     * Loads (or loads again) one plugin; what served it before is retired once the new one is in place. Whatever
     * goes wrong, even an error of the JVM's own, ends as a refusal with its reason, or, for a plugin that was
     * serving, as a warning with the plugin still serving: never as a plugin that is neither.
     */
    private void load(Plugin plugin, boolean reconfiguring) {
        Bundle bundle = plugin.bundle;
        long id = bundle.getBundleId();
        String label = label(bundle);
        long started = System.nanoTime();
        synchronized (plugin) {
            if (!plugins.containsKey(id)) {
                return; // removed while a new configuration was on its way
            }
            String sha256 = null;
            try {
                Dictionary<String, String> manifest = bundle.getHeaders("");
                Consumer<String> notes = note -> console.accept("plugin (" + label + "): " + note);
                SandboxLimits limits = limitsFor(bundle.getSymbolicName(), manifest::get, notes);
                Integer ranking = ranking(manifest.get(ManifestHeaders.RANKING));
                budget.reserve(
                        id,
                        limits.reservedBytes(),
                        ByteSize.format((long) limits.maxMemoryPages() * SandboxLimits.PAGE_BYTES) + " of memory x "
                                + limits.poolSize() + " instances");
                PluginLoader.ModuleBytes module =
                        loader.read(bundle, manifest.get(ManifestHeaders.MODULE).trim());
                sha256 = module.sha256();
                Optional<DirectoryGrant> directory = DirectoryGrant.of(
                        bundle.getSymbolicName(),
                        manifest.get(ManifestHeaders.DIRECTORY),
                        configuration.directoryFor(bundle.getSymbolicName()),
                        notes);
                WasmCalcOperator operator = loader.load(label, module, limits, directory);
                ServiceRegistration<CalcOperator> registration = register(bundle, operator, sha256, ranking);
                ServiceRegistration<CalcOperator> oldRegistration = plugin.registration;
                WasmCalcOperator oldOperator = plugin.operator;
                plugin.registration = registration;
                plugin.operator = operator;
                plugin.limits = limits;
                PluginStatus status =
                        PluginStatus.active(id, name(bundle), sha256, operator, limits, System.nanoTime() - started);
                statuses.put(id, status);
                posted.watchFaults(id, name(bundle), operator);
                String serving = "plugin '" + operator.name() + "' (" + operator.symbol() + ")";
                known.put(id, serving);
                unregister(oldRegistration);
                posted.serving(status, oldOperator != null);
                if (oldOperator != null) {
                    oldOperator.close(); // replaced: its calls in flight finish
                } else {
                    events.accept(serving + " is serving (" + label + ")"); // a reload under new limits is no news
                }
            } catch (Exception | Error e) {
                String reason = reason(e);
                if (reconfiguring && plugin.operator != null) {
                    restoreReservation(plugin);
                    console.accept("plugin (" + label + ") keeps serving under its previous configuration: " + reason);
                    return;
                }
                budget.release(id);
                unregister(plugin.registration);
                if (plugin.operator != null) {
                    plugin.operator.close();
                }
                plugin.registration = null;
                plugin.operator = null;
                PluginStatus status =
                        PluginStatus.refused(id, name(bundle), sha256, reason, System.nanoTime() - started);
                statuses.put(id, status);
                posted.refused(status);
                known.put(id, "refused plugin");
                console.accept("refused plugin (" + label + "): " + reason + detail(e));
            }
        }
    }

    /**
     * Each limit from, in this order of precedence: the configuration's entry for this plugin, the plugin's
     * manifest, the configuration's default, the built-in default.
     *
     * @param symbolicName the plugin bundle's, or null for a plugin that asks for nothing
     * @throws IllegalArgumentException naming the header, if the manifest's value cannot be read
     */
    private SandboxLimits limitsFor(
            String symbolicName, java.util.function.Function<String, String> manifest, Consumer<String> notes) {
        HostConfiguration config = configuration;
        SandboxLimits limits = builtIn;
        for (Setting setting : Setting.values()) {
            if (!setting.perPlugin()) {
                continue;
            }
            String own = symbolicName == null ? null : config.pluginValue(symbolicName, setting);
            String asked = manifest.apply(setting.header);
            String configured = config.value(setting);
            if (own != null) {
                limits = limits.with(
                        setting, own, "plugin." + symbolicName + "." + setting.key, "plugin configuration", notes);
            } else if (asked != null) {
                limits = limits.with(setting, asked, setting.header, "manifest", notes);
            } else if (configured != null) {
                limits = limits.with(setting, configured, setting.key, "configuration", notes);
            }
        }
        return limits;
    }

    private static String label(Bundle bundle) {
        return "bundle " + bundle.getBundleId() + ", " + name(bundle);
    }

    /** The bundle's symbolic name, shown inert: any bundle's manifest can hold any character. */
    private static String name(Bundle bundle) {
        return InertText.of(String.valueOf(bundle.getSymbolicName()));
    }

    private void restoreReservation(Plugin plugin) {
        try {
            budget.reserve(plugin.bundle.getBundleId(), plugin.limits.reservedBytes(), "as before");
        } catch (PluginRefusedException overBudget) {
            // it held this much a moment ago; only a smaller budget refuses it, and it keeps serving regardless
        }
    }

    /** The ranking a manifest asks for, or null. */
    private static Integer ranking(String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        if (!text.matches("[+-]?\\d{1,10}")) {
            throw new IllegalArgumentException(
                    ManifestHeaders.RANKING + " '" + InertText.of(text, 32) + "' is not an integer");
        }
        long ranking = Long.parseLong(text);
        if (ranking != (int) ranking) {
            throw new IllegalArgumentException(
                    ManifestHeaders.RANKING + " " + text + " is outside the range of a service" + " ranking");
        }
        return (int) ranking;
    }

    /** The refusal's detail for the log (a parser's own words), if it has one. */
    private static String detail(Throwable e) {
        return e instanceof PluginRefusedException refused && refused.detail() != null
                ? " (detail: " + refused.detail() + ")"
                : "";
    }

    /** One line, whatever was thrown: its message, or for an error of the JVM's own, what it was. */
    private static String reason(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "the JVM ran out of heap while loading the plugin";
        }
        if (e instanceof StackOverflowError) {
            return "loading the plugin exhausted the JVM's stack";
        }
        String message = e.getMessage();
        boolean ours = e instanceof PluginRefusedException
                || e instanceof IllegalArgumentException
                || e instanceof io.wasmgi.calc.api.CalcException;
        String text = message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : ours ? message : e.getClass().getSimpleName() + ": " + message;
        return InertText.of(text, 1000); // one line: a newline in it shows as \n
    }

    private ServiceRegistration<CalcOperator> register(
            Bundle bundle, WasmCalcOperator operator, String sha256, Integer ranking) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(CalcOperator.NAME_PROPERTY, operator.name());
        props.put(CalcOperator.SYMBOL_PROPERTY, operator.symbol());
        props.put(SHA256_PROPERTY, sha256);
        if (ranking != null) {
            props.put(Constants.SERVICE_RANKING, ranking);
        }
        // Registered through the plugin bundle's own context, so the service belongs to the plugin bundle.
        try {
            return bundle.getBundleContext().registerService(CalcOperator.class, operator, props);
        } catch (RuntimeException e) {
            operator.close();
            throw e;
        }
    }

    private static void unregister(ServiceRegistration<CalcOperator> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
    }
}
