package io.wasmgi.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Plugin bundles for tests: a module and a manifest with the Wasm-Plugin header, as the build makes them. */
public final class PluginJars {

    private PluginJars() {}

    /** {@code plugin.wasm} in a bundle named {@code symbolicName}, with the Wasm-Plugin header and the extra headers. */
    public static byte[] bundle(String symbolicName, byte[] module, Map<String, String> extraHeaders) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Wasm-Plugin", "plugin.wasm");
        extraHeaders.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("plugin.wasm"));
            out.write(module);
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** As {@link #bundle}, written to {@code dir/SYMBOLIC-NAME.jar}. */
    public static Path write(Path dir, String symbolicName, byte[] module, Map<String, String> extraHeaders)
            throws IOException {
        return Files.write(dir.resolve(symbolicName + ".jar"), bundle(symbolicName, module, extraHeaders));
    }
}
