package io.wasmgi.wasm.host.internal.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

import io.wasmgi.wasm.host.internal.sandbox.wasi.PathGuards;

/**
 * A directory a plugin may open files in: the plugin asks for it by the path it sees (manifest header
 * {@code Wasm-Plugin-Directory}, e.g. {@code /data}), and only the container's configuration grants it, by naming the host
 * directory behind it ({@code plugin.<bundle symbolic name>.directory}). A request without a grant is not
 * granted, and the log says how to grant it. The plugin is confined to it by {@link PathGuards}.
 */
public record DirectoryGrant(String guestPath, Path hostPath) {

    /**
     * @param asked   the header's value, or null
     * @param granted the configured host directory, or null
     * @throws IllegalArgumentException if the granted directory does not exist (the plugin is refused, saying so)
     */
    public static Optional<DirectoryGrant> of(
            String symbolicName, String asked, String granted, Consumer<String> notes) {
        if (asked == null) {
            return Optional.empty();
        }
        if (granted == null) {
            notes.accept("asks for the directory " + asked.trim() + ", which is not granted (grant it with"
                    + " calc:config plugin." + symbolicName + ".directory <host directory>)");
            return Optional.empty();
        }
        Path host = Path.of(granted.trim()).toAbsolutePath();
        if (!Files.isDirectory(host)) {
            throw new IllegalArgumentException(
                    "the directory granted for " + asked.trim() + ", " + host + ", does not exist");
        }
        try {
            // its real path: the guards walk paths below it, and a link above it is the configuration's choice
            return Optional.of(new DirectoryGrant(asked.trim(), host.toRealPath()));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the directory granted for " + asked.trim() + ", " + host + ", cannot be read: " + e.getMessage());
        }
    }
}
