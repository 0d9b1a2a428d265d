package io.wasmgi.wasm.host.internal.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.wasmgi.wasm.host.internal.config.ManifestHeaders;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * A plugin bundle handed over from outside (the console's upload) must be a wasm plugin and nothing else: a
 * bundle with Java code, or with headers that make another extender run code (an activator, components, a
 * fragment host, capabilities that could stand in for the host), would run unsandboxed in the JVM. So its
 * headers come from an allow-list, its entries are the manifest, folders, Maven's metadata and {@code .wasm}
 * files, and it must carry a {@code Wasm-Plugin} header. The module itself is checked by the host as any other.
 */
public final class PluginBundleCheck {

    static final int MAX_ENTRIES = 64;
    static final int MAX_MANIFEST_BYTES = 64 * 1024;

    private static final Set<String> HEADERS = Set.of(
            "Manifest-Version",
            "Bundle-ManifestVersion",
            "Bundle-SymbolicName",
            "Bundle-Version",
            "Bundle-Name",
            "Bundle-Description",
            "Bundle-Vendor",
            "Bundle-License",
            "Bundle-DocURL",
            "Bundle-Copyright",
            "Bundle-ContactAddress",
            "Created-By",
            "Built-By",
            "Build-Jdk",
            "Build-Jdk-Spec",
            "Tool",
            "Require-Capability");

    private PluginBundleCheck() {}

    /** @throws ModuleReadException saying, in one line, what in the jar is not allowed */
    public static void check(byte[] jar) throws ModuleReadException {
        Manifest manifest = null;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++entries > MAX_ENTRIES) {
                    throw new ModuleReadException("the jar has more than " + MAX_ENTRIES + " entries");
                }
                String name = entry.getName();
                if (name.equals("META-INF/MANIFEST.MF")) {
                    byte[] bytes = zip.readNBytes(MAX_MANIFEST_BYTES + 1);
                    if (bytes.length > MAX_MANIFEST_BYTES) {
                        throw new ModuleReadException("its manifest is larger than " + MAX_MANIFEST_BYTES + " bytes");
                    }
                    manifest = new Manifest(new ByteArrayInputStream(bytes));
                } else if (!allowedEntry(name)) {
                    throw new ModuleReadException("it holds '" + InertText.of(name, 80)
                            + "': a plugin bundle holds its .wasm module and nothing else");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ModuleReadException("it is not a jar: " + InertText.of(String.valueOf(e.getMessage()), 200));
        }
        if (manifest == null) {
            throw new ModuleReadException("it has no manifest (it must be the jar's first entries)");
        }
        Attributes headers = manifest.getMainAttributes();
        for (Object key : headers.keySet()) {
            String header = key.toString();
            if (!HEADERS.contains(header) && !header.startsWith(ManifestHeaders.MODULE)) {
                throw new ModuleReadException("its manifest has " + InertText.of(header, 80)
                        + ", which a wasm plugin bundle may not have: a plugin runs no Java code");
            }
        }
        if (headers.getValue(ManifestHeaders.MODULE) == null) {
            throw new ModuleReadException("its manifest has no " + ManifestHeaders.MODULE + " header");
        }
    }

    private static boolean allowedEntry(String name) {
        return name.endsWith("/") || name.startsWith("META-INF/maven/") || name.endsWith(".wasm");
    }
}
