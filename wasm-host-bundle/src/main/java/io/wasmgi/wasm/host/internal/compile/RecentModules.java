package io.wasmgi.wasm.host.internal.compile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * The modules of recent plugins, parsed and, once compiled, with their compiled code, in memory by SHA-256:
 * reinstalling or updating a plugin with the same module, or loading every plugin again for a new configuration,
 * then skips parsing the module and loading its compiled classes from the disk cache, which is most of a warm
 * install. Bounded to the most recently used; a plugin that is loaded holds its own module in any case. Held by
 * the host's component, so it goes when the host bundle stops.
 */
public final class RecentModules {

    /** A parsed module and its compiled code (null until compiled), made from that very module object. */
    public record Known(WasmModule module, Function<Instance, Machine> compiled) {}

    private final Map<String, Known> bySha256;

    public RecentModules(int capacity) {
        this.bySha256 = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Optional<Known> get(String sha256) {
        return Optional.ofNullable(bySha256.get(sha256));
    }

    public synchronized void parsed(String sha256, WasmModule module) {
        bySha256.putIfAbsent(sha256, new Known(module, null));
    }

    /** Kept only if {@code module} is the one remembered: Chicory's compiled code serves only its own module. */
    @SuppressWarnings("ReferenceEquality") // the very module object, not an equal one
    public synchronized void compiled(String sha256, WasmModule module, Function<Instance, Machine> compiled) {
        Known known = bySha256.get(sha256);
        if (known == null || known.module() == module) {
            bySha256.put(sha256, new Known(module, compiled));
        }
    }
}
