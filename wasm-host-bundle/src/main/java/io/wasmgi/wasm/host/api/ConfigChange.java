package io.wasmgi.wasm.host.api;

import java.util.List;

/**
 * A configuration key as the host applied it.
 *
 * @param key   the key
 * @param value the value as it applies (capped, trimmed), or null if the key was removed
 * @param notes what the host said about it (a value capped to the container's maximum)
 */
public record ConfigChange(String key, String value, List<String> notes) {

    public ConfigChange {
        notes = List.copyOf(notes);
    }
}
