package io.wasmgi.wasm.host.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;

import io.wasmgi.calc.api.CalcOperator;

/**
 * The wasm host: an extender that watches for active bundles carrying a {@code Wasm-Plugin} header and serves
 * each one's module as a {@link CalcOperator}. Everything it starts, it stops on deactivation.
 */
@Component(immediate = true)
public class WasmPluginExtender {

    private CallWatchdog watchdog;
    private PluginTracker plugins;
    private BundleTracker<ServiceRegistration<CalcOperator>> tracker;
    private BundleListener uninstalls;
    private ServiceRegistration<PluginsCommand> command;
    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        watchdog = new CallWatchdog(10);
        // System.out and System.err are looked up per line: the shell swaps them per session thread
        SandboxLimits defaults = SandboxLimits.defaults();
        plugins = new PluginTracker(
                new PluginLoader(defaults.maxModuleBytes(), watchdog, line -> System.out.println(line)),
                defaults, SandboxLimits.maxima(), line -> System.err.println(line));
        uninstalls = event -> {
            if (event.getType() == BundleEvent.UNINSTALLED) {
                plugins.forget(event.getBundle().getBundleId());
            }
        };
        context.addBundleListener(uninstalls);
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, plugins);
        tracker.open();

        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "calc");
        props.put("osgi.command.function", new String[] {"plugins"});
        command = context.registerService(PluginsCommand.class, new PluginsCommand(plugins.statuses()), props);
    }

    @Deactivate
    void deactivate() {
        command.unregister();
        tracker.close();
        context.removeBundleListener(uninstalls);
        watchdog.close();
    }
}
