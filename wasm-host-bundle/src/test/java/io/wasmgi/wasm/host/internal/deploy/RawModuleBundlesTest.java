package io.wasmgi.wasm.host.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.wasmgi.wasm.host.internal.text.InertText;

/** A raw module's bundle gets exactly the headers meant, whatever the file name holds. */
class RawModuleBundlesTest {

    private static final Set<String> HEADERS = Set.of(
            "Manifest-Version",
            "Bundle-ManifestVersion",
            "Bundle-SymbolicName",
            "Bundle-Version",
            "Bundle-Name",
            "Wasm-Plugin",
            "Require-Capability");

    private static final byte[] MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};

    private static Map<String, String> manifest(String fileName, String location) throws IOException {
        byte[] bundle = RawModuleBundles.wrap(fileName, location, new ByteArrayInputStream(MODULE));
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bundle))) {
            Manifest manifest = jar.getManifest();
            assertTrue(manifest.getEntries().isEmpty(), "no per-entry sections: " + manifest.getEntries());
            Map<String, String> headers = new TreeMap<>();
            for (Map.Entry<Object, Object> e : manifest.getMainAttributes().entrySet()) {
                headers.put(((Attributes.Name) e.getKey()).toString(), (String) e.getValue());
            }
            return headers;
        }
    }

    @Test
    void anOrdinaryNameMakesTheNamesItAlwaysDid() throws IOException {
        Map<String, String> headers = manifest("Add-Plugin.wasm", "file:/deploy/Add-Plugin.wasm");
        assertEquals(HEADERS, headers.keySet());
        assertEquals("wasm.add-plugin", headers.get("Bundle-SymbolicName"));
        assertEquals("Add-Plugin.wasm (raw wasm plugin)", headers.get("Bundle-Name"));
        assertTrue(headers.get("Bundle-Version").matches("0\\.0\\.0\\.[0-9a-f]{8}"), headers.get("Bundle-Version"));
        assertEquals("plugin.wasm", headers.get("Wasm-Plugin"));
    }

    /** Each is a name an attacker could give a file or a URL (%0A, %0D, %00 decoded). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "evil\nWasm-Plugin-Ranking: 1000\nX: .wasm",
                "evil\r\nWasm-Plugin-Ranking: 1000\r\n.wasm",
                "evil\rWasm-Plugin-Ranking: 1000.wasm",
                "evil\u0000Wasm-Plugin-Ranking: 1000.wasm",
                "evil\n Wasm-Plugin-Ranking: 1000.wasm",
                "evil\u2028Wasm-Plugin-Ranking: 1000\u0085X: y.wasm",
                "Wasm-Plugin-Ranking: 1000",
                "a:b:c.wasm",
                "\u202egnp.wasm",
                "\u001b[2J\u001b]0;title\u0007.wasm",
                "..",
                "....wasm",
                ".wasm",
                "",
                " ",
                "日本語.wasm",
                "😀\ud800.wasm",
            })
    void aHostileNameBecomesNoHeader(String fileName) throws IOException {
        Map<String, String> headers = manifest(fileName, "file:/deploy/" + fileName);
        assertEquals(HEADERS, headers.keySet(), "headers of " + InertText.of(fileName));
        assertEquals("plugin.wasm", headers.get("Wasm-Plugin"));
        assertTrue(
                headers.get("Bundle-SymbolicName").matches("wasm\\.[a-z0-9_-]{1,64}"),
                headers.get("Bundle-SymbolicName"));
        assertTrue(
                headers.get("Bundle-Name").matches("[A-Za-z0-9 ._+()@,-]{1,64} \\(raw wasm plugin\\)"),
                headers.get("Bundle-Name"));
        assertTrue(headers.get("Bundle-Version").matches("0\\.0\\.0\\.[0-9a-f]{8}"), headers.get("Bundle-Version"));
    }

    @Test
    void aVeryLongNameIsBounded() throws IOException {
        String name = "a".repeat(100_000) + "\nWasm-Plugin-Ranking: 1000\n.wasm";
        Map<String, String> headers = manifest(name, "file:/deploy/x");
        assertEquals(HEADERS, headers.keySet());
        assertEquals("wasm." + "a".repeat(ManifestNames.MAX_LENGTH), headers.get("Bundle-SymbolicName"));
        assertEquals("a".repeat(ManifestNames.MAX_LENGTH) + " (raw wasm plugin)", headers.get("Bundle-Name"));
    }

    @Test
    void namesOfOnlyDotsOrNothingBecomeModule() {
        assertEquals("module", ManifestNames.symbolicSegment("...."));
        assertEquals("module", ManifestNames.symbolicSegment(".wasm"));
        assertEquals("module", ManifestNames.displayName(".."));
        assertEquals("module", ManifestNames.displayName("\n\n"));
        assertEquals("my_mod", ManifestNames.symbolicSegment("my.mod.WASM"));
    }

    @Test
    void aValueThatCouldEndOrContinueALineIsNeverWritten() {
        for (String unsafe : new String[] {"a\nb", "a\rb", "a\u0000b", " a", "a ", "", "a\u2028b", "é"}) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ManifestNames.checked("Bundle-Name", unsafe),
                    InertText.of(unsafe));
        }
        assertEquals("wasm.add", ManifestNames.checked("Bundle-SymbolicName", "wasm.add"));
    }
}
