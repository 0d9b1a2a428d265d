package io.wasmgi.wasm.host.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.BundleTrackerCustomizer;

import io.wasmgi.calc.api.CalcOperator;

/**
 * The extender's view of plugin bundles: when a bundle with a {@value #HEADER} header becomes active its module
 * is loaded and registered as a {@link CalcOperator} service owned by that bundle; when it stops, the service
 * and the instances go. A bundle whose module is refused stays installed and keeps the reason.
 */
final class PluginTracker implements BundleTrackerCustomizer<ServiceRegistration<CalcOperator>> {

    /** The manifest header that makes a bundle a plugin: the path of its module inside the bundle. */
    static final String HEADER = "Wasm-Plugin";

    /** Optional manifest header: the service ranking of the plugin's operator. */
    static final String RANKING_HEADER = "Wasm-Plugin-Ranking";

    /** Optional manifest header: {@code compiled} (the default) or {@code interpreter}. */
    static final String ENGINE_HEADER = "Wasm-Plugin-Engine";

    static final String SHA256_PROPERTY = "wasm.module.sha256";

    private final PluginLoader loader;
    private final SandboxLimits defaults;
    private final SandboxLimits maxima;
    private final boolean compileByDefault;
    private final Consumer<String> console;
    private final Map<Long, PluginStatus> statuses = new ConcurrentHashMap<>();

    PluginTracker(PluginLoader loader, SandboxLimits defaults, SandboxLimits maxima, boolean compileByDefault,
            Consumer<String> console) {
        this.loader = loader;
        this.compileByDefault = compileByDefault;
        this.defaults = defaults;
        this.maxima = maxima;
        this.console = console;
    }

    /** Every plugin bundle seen, active or refused, by bundle id. */
    Map<Long, PluginStatus> statuses() {
        return statuses;
    }

    @Override
    public ServiceRegistration<CalcOperator> addingBundle(Bundle bundle, BundleEvent event) {
        String path = bundle.getHeaders("").get(HEADER);
        if (path == null) {
            return null;
        }
        String label = "bundle " + bundle.getBundleId() + ", " + bundle.getSymbolicName();
        String sha256 = null;
        try {
            Dictionary<String, String> headers = bundle.getHeaders("");
            SandboxLimits limits = defaults.askedFor(headers::get, maxima,
                    note -> console.accept("wasmgi: plugin (" + label + "): " + note));
            PluginLoader.ModuleBytes module = loader.read(bundle, path.trim());
            sha256 = module.sha256();
            WasmCalcOperator operator = loader.load(label, module, limits, compiles(headers.get(ENGINE_HEADER)));
            ServiceRegistration<CalcOperator> registration = register(bundle, operator, sha256);
            statuses.put(bundle.getBundleId(), PluginStatus.active(bundle.getBundleId(), bundle.getSymbolicName(),
                    sha256, operator));
            return registration;
        } catch (PluginRefusedException | IllegalArgumentException e) {
            statuses.put(bundle.getBundleId(), PluginStatus.refused(bundle.getBundleId(), bundle.getSymbolicName(),
                    sha256, e.getMessage()));
            console.accept("wasmgi: refused plugin (" + label + "): " + e.getMessage());
            return null;
        }
    }

    private boolean compiles(String engine) throws PluginRefusedException {
        if (engine == null) {
            return compileByDefault;
        }
        switch (engine.trim()) {
            case "compiled":
                return true;
            case "interpreter":
                return false;
            default:
                throw new PluginRefusedException(ENGINE_HEADER + " '" + engine + "' is neither compiled nor interpreter");
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
        BundleContext context = bundle.getBundleContext();
        try {
            return context.registerService(CalcOperator.class, operator, props);
        } catch (RuntimeException e) {
            operator.close();
            throw e;
        }
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, ServiceRegistration<CalcOperator> registration) {
        // only the active state is tracked: nothing to do between its sub-states
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, ServiceRegistration<CalcOperator> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
        PluginStatus status = statuses.remove(bundle.getBundleId());
        if (status != null && status.operator() != null) {
            status.operator().close();
        }
    }

    /** Forgets refusals of bundles that stopped (a refused bundle is not tracked, so it has no removal). */
    void forget(long bundleId) {
        PluginStatus status = statuses.get(bundleId);
        if (status != null && !status.isActive()) {
            statuses.remove(bundleId);
        }
    }
}
