package io.wasmgi.wasm.host.internal.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.wasmgi.wasm.host.internal.config.ManifestHeaders;

/**
 * Wraps a raw {@code .wasm} module into a plugin bundle (the module and a manifest with the
 * {@code Wasm-Plugin} header), so that a plugin author can hand over a module and nothing else. The module is
 * copied as it is: checking it is the loader's job, so a bad module gets the same refusal as a bad bundle.
 */
public final class RawModuleBundles {

    public static final String ENTRY = "plugin.wasm";

    private RawModuleBundles() {}

    /**
     * @param location where the module came from: the bundle's version carries a hash of it, so that two
     *                 modules with the same file name from different places are two bundles
     */
    public static void wrap(String fileName, String location, InputStream module, OutputStream bundle)
            throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        // names from the file name are built from an allow-list: no header can come from a file name or URL
        put(main, "Bundle-SymbolicName", "wasm." + ManifestNames.symbolicSegment(fileName));
        put(main, "Bundle-Version", "0.0.0." + shortHash(location));
        put(main, "Bundle-Name", ManifestNames.displayName(fileName) + " (raw wasm plugin)");
        main.putValue(ManifestHeaders.MODULE, ENTRY);
        main.putValue("Require-Capability", ManifestHeaders.EXTENDER_REQUIREMENT);
        try (JarOutputStream jar = new JarOutputStream(bundle, manifest)) {
            jar.putNextEntry(new JarEntry(ENTRY));
            module.transferTo(jar);
            jar.closeEntry();
        }
    }

    public static byte[] wrap(String fileName, String location, InputStream module) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wrap(fileName, location, module, out);
        return out.toByteArray();
    }

    private static void put(Attributes main, String header, String value) {
        main.putValue(header, ManifestNames.checked(header, value));
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
