package io.wasmgi.wasm.host.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Wraps a raw {@code .wasm} module into a plugin bundle (the module and a manifest with the
 * {@code Wasm-Plugin} header), so that a plugin author can hand over a module and nothing else. The module is
 * copied as it is: checking it is the loader's job, so a bad module gets the same refusal as a bad bundle.
 */
final class RawModuleBundles {

    static final String ENTRY = "plugin.wasm";

    private RawModuleBundles() {
    }

    /**
     * @param location where the module came from: the bundle's version carries a hash of it, so that two
     *                 modules with the same file name from different places are two bundles
     */
    static void wrap(String fileName, String location, InputStream module, OutputStream bundle) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "wasm." + baseName(fileName));
        main.putValue("Bundle-Version", "0.0.0." + shortHash(location));
        main.putValue("Bundle-Name", fileName + " (raw wasm plugin)");
        main.putValue(PluginTracker.HEADER, ENTRY);
        try (JarOutputStream jar = new JarOutputStream(bundle, manifest)) {
            jar.putNextEntry(new JarEntry(ENTRY));
            module.transferTo(jar);
            jar.closeEntry();
        }
    }

    static byte[] wrap(String fileName, String location, InputStream module) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wrap(fileName, location, module, out);
        return out.toByteArray();
    }

    /** {@code Add-Plugin.wasm} becomes {@code add_plugin}: a valid symbolic-name segment. */
    static String baseName(String fileName) {
        String name = fileName.replaceAll("(?i)\\.wasm$", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_.-]", "_");
        return name.isEmpty() ? "module" : name;
    }

    private static String shortHash(String location) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
