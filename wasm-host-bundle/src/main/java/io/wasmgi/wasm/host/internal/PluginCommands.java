package io.wasmgi.wasm.host.internal;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;

import io.wasmgi.wasm.host.api.ConfigChange;
import io.wasmgi.wasm.host.api.PluginHostException;
import io.wasmgi.wasm.host.internal.call.InstancePool;
import io.wasmgi.wasm.host.internal.config.HostConfiguration;
import io.wasmgi.wasm.host.internal.deploy.BoundedModuleReader;
import io.wasmgi.wasm.host.internal.text.ByteSize;

/**
 * {@code calc:config}, the host's live configuration; {@code calc:plugins}, every wasm plugin bundle the host has seen, serving or refused (and why); and
 * {@code calc:load}, a raw {@code .wasm} made a plugin without any packaging (named after the original
 * host's {@code PluginManager.load(path)}; not "install", which would shadow the shell's own install).
 */
public final class PluginCommands {

    private final BundleContext context;
    private final PluginTracker plugins;
    private final Map<Long, PluginStatus> statuses;
    private final HostSettings settings;

    PluginCommands(BundleContext context, PluginTracker plugins, HostSettings settings) {
        this.context = context;
        this.plugins = plugins;
        this.statuses = plugins.statuses();
        this.settings = settings;
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
        out.println("Memory budget of all plugins together (memory.budget): " + ByteSize.format(budget.budgetBytes())
                + ", " + ByteSize.format(budget.reservedBytes()) + " reserved");
    }

    @Descriptor("set one configuration key, applied to every plugin at once: memory.max, timeout, pool.size,"
            + " engine, memory.budget, or plugin.<bundle symbolic name>.<key>; no value removes the key")
    public void config(
            @Descriptor("the key, e.g. timeout or plugin.io.wasmgi.plugin.add.timeout") String key,
            @Descriptor("the value, e.g. 250ms, 32MiB, 4, interpreter") String... value) {
        try {
            ConfigChange change = settings.set(key, value.length == 0 ? null : String.join(" ", value));
            change.notes().forEach(note -> System.out.println("calc: " + note));
        } catch (PluginHostException e) {
            System.err.println("calc: " + e.getMessage());
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
        out.printf(
                "%-4s %-28s %-8s %-10s %-6s %-8s %-7s %-19s %-22s %s%n",
                "ID",
                "BUNDLE",
                "STATE",
                "NAME",
                "SYMBOL",
                "CALLS",
                "FAULTS",
                "P50 / P99",
                "MEMORY (IDLE/LIMIT)",
                "ENGINE");
        statuses.values().stream()
                .sorted(Comparator.comparingLong(PluginStatus::bundleId))
                .forEach(s -> {
                    if (s.isActive()) {
                        InstancePool pool = s.operator().pool();
                        out.printf(
                                "%-4d %-28s %-8s %-10s %-6s %-8d %-7d %-19s %-22s %s%n",
                                s.bundleId(),
                                s.bundleName(),
                                "active",
                                s.operator().name(),
                                s.operator().symbol(),
                                pool.calls(),
                                pool.faults(),
                                pool.recentLatency().describe(),
                                pool.idleMemoryBytes() / 1024 + "/" + pool.memoryLimitBytes() / 1024 + " KiB",
                                pool.engine());
                        out.println("     limits: " + s.limits().describe());
                    } else {
                        out.printf("%-4d %-28s %-8s %s%n", s.bundleId(), s.bundleName(), "refused", s.refusal());
                    }
                });
    }

    /**
     * Installs (or, from the same place again, updates) and starts a raw module from a path or a URL, and says
     * in one line what came of it; see {@link RawModuleLoad}.
     */
    @Descriptor(
            "install and start a raw .wasm module as a plugin, from a path or a URL; again from the same place updates it")
    public void load(@Descriptor("a path such as plugins/add/add.wasm, or a URL") String source) {
        new RawModuleLoad(context, statuses, BoundedModuleReader.defaults(), System.out, System.err).load(source);
    }
}
