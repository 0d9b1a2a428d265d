package io.wasmgi.wasm.host.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.BundleTrackerCustomizer;

import io.wasmgi.calc.api.CalcOperator;

/**
 * The extender's view of plugin bundles: when a bundle with a {@value #HEADER} header becomes active its module
 * is loaded and registered as a {@link CalcOperator} service owned by that bundle; when it stops, the service
 * and the instances go. A bundle whose module is refused stays installed and keeps the reason. When the
 * configuration changes, every plugin is loaded again with its new limits, and the new service replaces the
 * old one: calls in flight finish on the old instances, the next call runs under the new limits.
 */
final class PluginTracker implements BundleTrackerCustomizer<PluginTracker.Plugin> {

    /** The manifest header that makes a bundle a plugin: the path of its module inside the bundle. */
    static final String HEADER = "Wasm-Plugin";

    /** Optional manifest header: the service ranking of the plugin's operator. */
    static final String RANKING_HEADER = "Wasm-Plugin-Ranking";

    /** Optional manifest header: {@code compiled} (the default) or {@code interpreter}. */
    static final String ENGINE_HEADER = "Wasm-Plugin-Engine";

    static final String SHA256_PROPERTY = "wasm.module.sha256";

    /** One plugin bundle and what serves it now, if anything. */
    static final class Plugin {
        final Bundle bundle;
        ServiceRegistration<CalcOperator> registration;
        WasmCalcOperator operator;

        Plugin(Bundle bundle) {
            this.bundle = bundle;
        }
    }

    private final PluginLoader loader;
    private final SandboxLimits builtIn;
    private final SandboxLimits maxima;
    private final Consumer<String> console;
    private final Consumer<String> events;
    /** How each plugin bundle seen was last known, to name it in one line once it is uninstalled. */
    private final Map<Long, String> known = new ConcurrentHashMap<>();
    private final Map<Long, Plugin> plugins = new ConcurrentHashMap<>();
    private final Map<Long, PluginStatus> statuses = new ConcurrentHashMap<>();
    private volatile HostConfiguration configuration = HostConfiguration.of(Map.of());
    private volatile boolean compileByDefault = true;

    /**
     * @param console told of refusals and capped limits
     * @param events  told, in one line each, of a plugin that starts serving (installed, updated, or no longer
     *                refused) and of a plugin bundle uninstalled
     */
    PluginTracker(PluginLoader loader, SandboxLimits builtIn, SandboxLimits maxima, Consumer<String> console,
            Consumer<String> events) {
        this.loader = loader;
        this.builtIn = builtIn;
        this.maxima = maxima;
        this.console = console;
        this.events = events;
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
    void configure(HostConfiguration configuration, boolean compileByDefault) {
        this.configuration = configuration;
        this.compileByDefault = compileByDefault;
        for (Plugin plugin : plugins.values()) {
            load(plugin);
        }
    }

    HostConfiguration configuration() {
        return configuration;
    }

    @Override
    public Plugin addingBundle(Bundle bundle, BundleEvent event) {
        if (bundle.getHeaders("").get(HEADER) == null) {
            return null;
        }
        Plugin plugin = new Plugin(bundle);
        plugins.put(bundle.getBundleId(), plugin);
        load(plugin);
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
            retire(plugin.registration, plugin.operator);
            plugin.registration = null;
            plugin.operator = null;
        }
    }

    /** Loads (or loads again) one plugin; what served it before is retired once the new one is in place. */
    private void load(Plugin plugin) {
        Bundle bundle = plugin.bundle;
        String label = label(bundle);
        synchronized (plugin) {
            ServiceRegistration<CalcOperator> oldRegistration = plugin.registration;
            WasmCalcOperator oldOperator = plugin.operator;
            plugin.registration = null;
            plugin.operator = null;
            String sha256 = null;
            try {
                Dictionary<String, String> manifest = bundle.getHeaders("");
                Function<String, String> asked = configuration.forPlugin(bundle.getSymbolicName(), manifest::get);
                Consumer<String> notes = note -> console.accept("plugin (" + label + "): " + note);
                SandboxLimits defaults = builtIn.askedFor(configuration.defaults(), maxima, notes);
                SandboxLimits limits = defaults.askedFor(asked, maxima, notes);
                PluginLoader.ModuleBytes module = loader.read(bundle, manifest.get(HEADER).trim());
                sha256 = module.sha256();
                Optional<DirectoryGrant> directory = DirectoryGrant.of(bundle.getSymbolicName(),
                        manifest.get(DirectoryGrant.HEADER), configuration.directoryFor(bundle.getSymbolicName()),
                        notes);
                WasmCalcOperator operator = loader.load(label, module, limits,
                        compiles(asked.apply(ENGINE_HEADER), configuration.defaults().apply(ENGINE_HEADER)),
                        directory);
                plugin.registration = register(bundle, operator, sha256);
                plugin.operator = operator;
                statuses.put(bundle.getBundleId(), PluginStatus.active(bundle.getBundleId(),
                        name(bundle), sha256, operator));
                String serving = "plugin '" + operator.name() + "' (" + operator.symbol() + ")";
                known.put(bundle.getBundleId(), serving);
                if (oldOperator == null) {
                    // a reload under new limits is no news: a plugin that starts serving is
                    events.accept(serving + " is serving (" + label + ")");
                }
            } catch (PluginRefusedException | IllegalArgumentException | IllegalStateException e) {
                // a reason may quote the module's own strings or a manifest's: kept inert for every listing
                String reason = InertText.of(String.valueOf(e.getMessage()));
                statuses.put(bundle.getBundleId(), PluginStatus.refused(bundle.getBundleId(),
                        name(bundle), sha256, reason));
                known.put(bundle.getBundleId(), "refused plugin");
                console.accept("refused plugin (" + label + "): " + reason);
            } finally {
                retire(oldRegistration, oldOperator);
            }
        }
    }

    private static String label(Bundle bundle) {
        return "bundle " + bundle.getBundleId() + ", " + name(bundle);
    }

    /** The bundle's symbolic name, shown inert: any bundle's manifest can hold any character. */
    private static String name(Bundle bundle) {
        return InertText.of(String.valueOf(bundle.getSymbolicName()));
    }

    private boolean compiles(String engine, String configuredDefault) throws PluginRefusedException {
        String choice = engine != null ? engine : configuredDefault;
        if (choice == null) {
            return compileByDefault;
        }
        switch (choice.trim()) {
            case "compiled":
                return true;
            case "interpreter":
                return false;
            default:
                throw new PluginRefusedException(ENGINE_HEADER + " '" + choice + "' is neither compiled nor interpreter");
        }
    }

    private ServiceRegistration<CalcOperator> register(Bundle bundle, WasmCalcOperator operator, String sha256) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(CalcOperator.NAME_PROPERTY, operator.name());
        props.put(CalcOperator.SYMBOL_PROPERTY, operator.symbol());
        props.put(SHA256_PROPERTY, sha256);
        String ranking = bundle.getHeaders("").get(RANKING_HEADER);
        if (ranking != null) {
            try {
                props.put(Constants.SERVICE_RANKING, Integer.valueOf(ranking.trim()));
            } catch (NumberFormatException e) {
                operator.close();
                throw new IllegalArgumentException(RANKING_HEADER + " '" + ranking + "' is not an integer");
            }
        }
        // Registered through the plugin bundle's own context, so the service belongs to the plugin bundle.
        try {
            return bundle.getBundleContext().registerService(CalcOperator.class, operator, props);
        } catch (RuntimeException e) {
            operator.close();
            throw e;
        }
    }

    private static void retire(ServiceRegistration<CalcOperator> registration, WasmCalcOperator operator) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        if (operator != null) {
            operator.close();
        }
    }
}
