package io.wasmgi.wasm.host.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Consumer;

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

    /** Framework property: {@code interpreter} runs every plugin that does not ask otherwise interpreted. */
    static final String ENGINE_PROPERTY = "wasmgi.engine";

    private CallWatchdog watchdog;
    private ModuleCompiler compiler;
    private PluginTracker plugins;
    private BundleTracker<ServiceRegistration<CalcOperator>> tracker;
    private BundleListener uninstalls;
    private ServiceRegistration<PluginCommands> command;
    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        watchdog = new CallWatchdog(10);
        // System.out and System.err are looked up per line: the shell swaps them per session thread
        Consumer<String> console = line -> System.err.println(line);
        compiler = new ModuleCompiler(compiledModuleCache(context), console);
        SandboxLimits defaults = SandboxLimits.defaults();
        boolean compile = !"interpreter".equals(context.getProperty(ENGINE_PROPERTY));
        plugins = new PluginTracker(
                new PluginLoader(defaults.maxModuleBytes(), watchdog, compiler, line -> System.out.println(line)),
                defaults, SandboxLimits.maxima(), compile, console);
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
        props.put("osgi.command.function", new String[] {"plugins", "load"});
        command = context.registerService(PluginCommands.class, new PluginCommands(context, plugins.statuses()),
                props);
    }

    @Deactivate
    void deactivate() {
        command.unregister();
        tracker.close();
        context.removeBundleListener(uninstalls);
        compiler.close();
        watchdog.close();
    }

    private static CompiledModuleCache compiledModuleCache(BundleContext context) {
        String chicory = context.getBundle().getHeaders("").get("Chicory-Version");
        try {
            return new CompiledModuleCache(context.getDataFile("compiled").toPath(), chicory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the cache of compiled modules: " + e.getMessage(), e);
        }
    }
}
