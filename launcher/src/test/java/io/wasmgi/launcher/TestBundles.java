package io.wasmgi.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes plugin bundles for tests: a module and a manifest with the Wasm-Plugin header, as the build does. */
final class TestBundles {

    private TestBundles() {}

    static Path plugin(Path dir, String symbolicName, byte[] module, Map<String, String> extraHeaders)
            throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Wasm-Plugin", "plugin.wasm");
        extraHeaders.forEach(main::putValue);
        Path jar = dir.resolve(symbolicName + ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("plugin.wasm"));
            out.write(module);
            out.closeEntry();
        }
        return jar;
    }
}
