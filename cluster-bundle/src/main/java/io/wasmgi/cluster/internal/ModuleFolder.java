package io.wasmgi.cluster.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * This member's copy of the cluster's modules: one {@code NAME.wasm} per cluster plugin in a folder that Felix
 * FileInstall watches, which (through the wasm host's transformer) installs, updates and uninstalls the plugin
 * bundles as files come, change and go. Only one thread calls it.
 */
final class ModuleFolder {

    private final Path folder;
    private final Path incoming;
    /** Which module each file holds, by file name: what this member has written. */
    private final Map<String, String> shaByName = new HashMap<>();

    ModuleFolder(Path folder, Path incoming) {
        this.folder = folder;
        this.incoming = incoming;
    }

    Path folder() {
        return folder;
    }

    /**
     * Makes the folder hold exactly {@code wanted}: module SHA-256 by plugin name.
     *
     * @param module the bytes of a module by its SHA-256, or null if it is gone meanwhile
     * @return how many files were written or deleted
     */
    int reconcile(Map<String, String> wanted, Function<String, byte[]> module) throws IOException {
        Files.createDirectories(folder);
        Files.createDirectories(incoming);
        int changes = 0;
        // files this member did not write (left from a run with --keep-storage) or no longer wanted
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.wasm")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                name = name.substring(0, name.length() - ".wasm".length());
                String sha = wanted.get(name);
                if (sha == null || !sha.equals(shaByName.get(name))) {
                    if (sha == null) {
                        Files.deleteIfExists(file);
                        changes++;
                    }
                    shaByName.remove(name);
                }
            }
        }
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (e.getValue().equals(shaByName.get(e.getKey()))) {
                continue;
            }
            byte[] bytes = module.apply(e.getValue());
            if (bytes == null) {
                continue;
            }
            // written beside, then moved in whole: FileInstall never sees half a module
            Path partial = incoming.resolve(e.getKey() + ".wasm");
            Files.write(partial, bytes);
            Files.move(
                    partial,
                    folder.resolve(e.getKey() + ".wasm"),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            shaByName.put(e.getKey(), e.getValue());
            changes++;
        }
        return changes;
    }
}
