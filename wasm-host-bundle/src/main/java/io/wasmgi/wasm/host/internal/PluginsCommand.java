package io.wasmgi.wasm.host.internal;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.Map;

/** {@code calc:plugins}: every wasm plugin bundle the host has seen, serving or refused (and why). */
public final class PluginsCommand {

    private final Map<Long, PluginStatus> statuses;

    PluginsCommand(Map<Long, PluginStatus> statuses) {
        this.statuses = statuses;
    }

    /** Gogo finds this by name; its help text is the description below. */
    public void plugins() {
        PrintStream out = System.out;
        if (statuses.isEmpty()) {
            out.println("No wasm plugin bundle is installed.");
            return;
        }
        out.printf("%-4s %-28s %-8s %-10s %-6s %-7s %-7s %-14s %s%n",
                "ID", "BUNDLE", "STATE", "NAME", "SYMBOL", "CALLS", "FAULTS", "MEMORY", "ENGINE");
        statuses.values().stream().sorted(Comparator.comparingLong(PluginStatus::bundleId)).forEach(s -> {
            if (s.isActive()) {
                InstancePool pool = s.operator().pool();
                out.printf("%-4d %-28s %-8s %-10s %-6s %-7d %-7d %-14s %s%n", s.bundleId(), s.bundleName(),
                        "active", s.operator().name(), s.operator().symbol(), pool.calls(), pool.faults(),
                        pool.idleMemoryBytes() / 1024 + " KiB idle", pool.engine());
            } else {
                out.printf("%-4d %-28s %-8s %s%n", s.bundleId(), s.bundleName(), "refused", s.refusal());
            }
        });
    }
}
