package io.wasmgi.wasm.host.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.util.tracker.BundleTracker;

import io.wasmgi.wasm.host.api.PluginHost;
import io.wasmgi.wasm.host.internal.call.CallWatchdog;
import io.wasmgi.wasm.host.internal.compile.CompiledModuleCache;
import io.wasmgi.wasm.host.internal.compile.ModuleCompiler;
import io.wasmgi.wasm.host.internal.config.Engine;
import io.wasmgi.wasm.host.internal.config.HostConfiguration;
import io.wasmgi.wasm.host.internal.config.SandboxLimits;
import io.wasmgi.wasm.host.internal.deploy.RawModuleTransformer;
import io.wasmgi.wasm.host.internal.load.PluginLoader;
import io.wasmgi.wasm.host.internal.log.HostEvents;
import io.wasmgi.wasm.host.internal.log.HostLog;
import io.wasmgi.wasm.host.internal.log.LogServiceTracker;
import io.wasmgi.wasm.host.internal.log.ThreadWarnings;

/**
 * The wasm host: an extender that watches for active bundles carrying a {@code Wasm-Plugin} header and serves
 * each one's module as a {@code CalcOperator}. Everything it starts, it stops on deactivation. Config Admin, the Log
 * service and FileInstall are optional: each is used when the framework wired the host to its package.
 */
@Component(immediate = true, configurationPid = HostConfiguration.PID)
public class WasmPluginExtender {

    /** Framework property: {@code interpreter} runs every plugin that does not ask otherwise interpreted. */
    static final String ENGINE_PROPERTY = "wasmgi.engine";

    private LogServiceTracker logService;
    private HostLog log;
    private CallWatchdog watchdog;
    private ModuleCompiler compiler;
    private PluginLoader loader;
    private PluginTracker plugins;
    private BundleTracker<PluginTracker.Plugin> tracker;
    private SynchronousBundleListener uninstalls;
    private ServiceRegistration<PluginCommands> command;
    private ServiceRegistration<?> transformer;
    private ServiceRegistration<PluginHost> service;
    private HostEvents events;
    private BundleContext context;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        Bundle host = context.getBundle();
        logService = LogServiceTracker.open(context, PackageWiring.imports(host, PackageWiring.LOG));
        log = new HostLog(logService);
        compiler = new ModuleCompiler(compiledModuleCache(context), log::warn); // may fail: before any thread starts
        watchdog = new CallWatchdog(10);
        SandboxLimits defaults = SandboxLimits.defaults(defaultEngine(log));
        loader = new PluginLoader(defaults.maxModuleBytes(), watchdog, compiler, log::pluginOutput);
        events = new HostEvents(context, PackageWiring.imports(host, PackageWiring.EVENT_ADMIN));
        plugins = new PluginTracker(
                context.getBundle(),
                loader,
                defaults,
                ThreadWarnings.orElse(log::warn),
                ThreadWarnings.silencedOr(log::info),
                new PluginLifecycleEvents(events));
        plugins.configure(HostConfiguration.of(properties, log::warn));
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, plugins);
        tracker.open();
        // synchronous: the uninstalling thread says it, so that calc:load's own uninstalls stay quiet
        uninstalls = event -> {
            if (event.getType() == BundleEvent.UNINSTALLED) {
                plugins.uninstalled(event.getBundle());
            }
        };
        context.addBundleListener(uninstalls);

        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "calc");
        props.put("osgi.command.function", new String[] {"plugins", "load", "config"});
        HostSettings settings =
                new HostSettings(context, plugins, PackageWiring.imports(host, PackageWiring.CONFIG_ADMIN));
        command = context.registerService(PluginCommands.class, new PluginCommands(context, plugins, settings), props);
        service = context.registerService(
                PluginHost.class, new PluginHostService(context, plugins, settings), new Hashtable<>());
        if (PackageWiring.imports(host, PackageWiring.FILE_INSTALL)) {
            transformer = RawModuleTransformer.register(context, log);
        }
    }

    /** A new configuration (a .cfg file in the deploy folder, or calc:config) applies to every plugin now. */
    @Modified
    void modified(Map<String, Object> properties) {
        plugins.configure(HostConfiguration.of(properties, log::warn));
    }

    /** The framework property's engine, compiled if it names none; a value that is neither is said once. */
    private Engine defaultEngine(HostLog log) {
        String property = context.getProperty(ENGINE_PROPERTY);
        if (property == null) {
            return Engine.COMPILED;
        }
        try {
            return Engine.parse(property);
        } catch (IllegalArgumentException e) {
            log.warn(ENGINE_PROPERTY + ": " + e.getMessage() + "; plugins run compiled");
            return Engine.COMPILED;
        }
    }

    @Deactivate
    void deactivate() {
        service.unregister();
        if (transformer != null) {
            transformer.unregister();
        }
        command.unregister();
        context.removeBundleListener(uninstalls);
        tracker.close();
        loader.close();
        compiler.close();
        watchdog.close();
        logService.close();
        events.close();
    }

    private static CompiledModuleCache compiledModuleCache(BundleContext context) {
        String chicory = context.getBundle().getHeaders("").get("Chicory-Version");
        try {
            return new CompiledModuleCache(
                    context.getDataFile("compiled").toPath(), ModuleCompiler.cacheVersion(chicory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the cache of compiled modules: " + e.getMessage(), e);
        }
    }
}
