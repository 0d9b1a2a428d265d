package io.wasmgi.wasm.host.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The host's live configuration (PID {@value #PID}, e.g. {@code deploy/io.wasmgi.wasm.host.cfg}): the sandbox
 * defaults, and each plugin's own limits by its bundle's symbolic name, which win over what the plugin's
 * manifest asks for. Every value is capped by the container's maxima.
 *
 * <pre>
 * memory.max = 16MiB
 * timeout = 1s
 * pool.size = 4
 * engine = compiled
 * plugin.io.wasmgi.plugin.add.timeout = 250ms
 * plugin.com.example.reader.directory = /srv/reader   (grants what its Wasm-Plugin-Directory asks for)
 * </pre>
 */
record HostConfiguration(Map<String, String> values) {

    static final String PID = "io.wasmgi.wasm.host";

    /** The keys of one limit, and the manifest header a plugin asks for it with. */
    static final Map<String, String> HEADERS = Map.of(
            "memory.max", SandboxLimits.MEMORY_HEADER,
            "timeout", SandboxLimits.TIMEOUT_HEADER,
            "pool.size", SandboxLimits.POOL_HEADER,
            "engine", PluginTracker.ENGINE_HEADER);

    static HostConfiguration of(Map<String, ?> properties) {
        Map<String, String> values = new TreeMap<>();
        if (properties != null) {
            properties.forEach((k, v) -> {
                // only wasmgi's own keys: Config Admin, DS and FileInstall add theirs to every configuration
                if (v != null && (HEADERS.containsKey(k) || k.startsWith("plugin."))) {
                    values.put(k, String.valueOf(v).trim());
                }
            });
        }
        return new HostConfiguration(values);
    }

    /** The container-wide defaults, as manifest-style headers. */
    Function<String, String> defaults() {
        return header -> values.get(key(header));
    }

    /**
     * What one plugin gets, as manifest-style headers: the configuration's own entry for the bundle first, then
     * the bundle's manifest.
     */
    Function<String, String> forPlugin(String symbolicName, Function<String, String> manifest) {
        return header -> {
            String configured = values.get("plugin." + symbolicName + "." + key(header));
            return configured != null ? configured : manifest.apply(header);
        };
    }

    /** The host directory granted to a plugin, if the configuration grants one. */
    String directoryFor(String symbolicName) {
        return values.get("plugin." + symbolicName + ".directory");
    }

    private static String key(String header) {
        return HEADERS.entrySet().stream().filter(e -> e.getValue().equals(header)).map(Map.Entry::getKey)
                .findFirst().orElse(header);
    }
}
