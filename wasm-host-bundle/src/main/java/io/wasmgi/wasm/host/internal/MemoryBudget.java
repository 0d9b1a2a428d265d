package io.wasmgi.wasm.host.internal;

import java.util.HashMap;
import java.util.Map;

import io.wasmgi.wasm.host.internal.load.PluginRefusedException;
import io.wasmgi.wasm.host.internal.text.ByteSize;

/**
 * The container-wide budget of plugin memory: each plugin reserves the most its instances may hold together
 * (memory limit x pool size), and a plugin whose reservation would take the sum past the budget is refused with
 * the figures. So the limits of all plugins together stay within what the JVM can give, and no plugin's growth
 * runs the heap out for the framework.
 */
public final class MemoryBudget {

    /** Half the heap, unless configured ({@code memory.budget}): the framework and the callers need the rest. */
    static long defaultBytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    private final Map<Long, Long> reservedByBundle = new HashMap<>();
    private long budget = defaultBytes();

    synchronized void budget(long bytes) {
        this.budget = bytes;
    }

    /**
     * Reserves {@code bytes} for one plugin bundle, in place of what it held before.
     *
     * @throws PluginRefusedException with the figures, if the budget cannot hold it
     */
    synchronized void reserve(long bundleId, long bytes, String what) throws PluginRefusedException {
        long others = 0;
        int otherPlugins = 0;
        for (Map.Entry<Long, Long> e : reservedByBundle.entrySet()) {
            if (e.getKey() != bundleId) {
                others += e.getValue();
                otherPlugins++;
            }
        }
        if (others + bytes > budget) {
            throw new PluginRefusedException("needs " + ByteSize.format(bytes) + " (" + what + "), but the container's"
                    + " memory budget is " + ByteSize.format(budget) + " and " + otherPlugins + " other plugins hold "
                    + ByteSize.format(others) + " of it (raise memory.budget, or lower this plugin's memory.max or"
                    + " pool.size)");
        }
        reservedByBundle.put(bundleId, bytes);
    }

    synchronized void release(long bundleId) {
        reservedByBundle.remove(bundleId);
    }

    synchronized long reservedBytes() {
        return reservedByBundle.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized long budgetBytes() {
        return budget;
    }
}
