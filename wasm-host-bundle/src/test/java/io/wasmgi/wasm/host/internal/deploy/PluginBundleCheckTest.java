package io.wasmgi.wasm.host.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

class PluginBundleCheckTest {

    @Test
    void aPluginBundleOfAModuleAndItsHeadersPasses() throws Exception {
        assertDoesNotThrow(() -> PluginBundleCheck.check(jar(Map.of("Wasm-Plugin-Timeout", "250ms"), "add.wasm")));
    }

    @Test
    void javaCodeOrAHeaderThatRunsCodeIsRefused() throws Exception {
        for (String header :
                new String[] {"Bundle-Activator", "Service-Component", "Fragment-Host", "Import-Package"}) {
            ModuleReadException e = assertThrows(
                    ModuleReadException.class, () -> PluginBundleCheck.check(jar(Map.of(header, "x"), "add.wasm")));
            assertTrue(e.getMessage().contains(header), e.getMessage());
        }
        ModuleReadException code = assertThrows(
                ModuleReadException.class, () -> PluginBundleCheck.check(jar(Map.of(), "io/evil/Main.class")));
        assertTrue(code.getMessage().contains("io/evil/Main.class"), code.getMessage());
        assertThrows(
                ModuleReadException.class, () -> PluginBundleCheck.check(jar(Map.of(), "OSGI-INF/blueprint/evil.xml")));
    }

    @Test
    void notAJarOrNoPluginHeaderIsRefused() {
        assertThrows(
                ModuleReadException.class, () -> PluginBundleCheck.check("hello".getBytes(StandardCharsets.UTF_8)));
        assertThrows(ModuleReadException.class, () -> PluginBundleCheck.check(new byte[0]));
    }

    private static byte[] jar(Map<String, String> headers, String entry) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-SymbolicName", "io.wasmgi.test");
        main.putValue("Wasm-Plugin", "add.wasm");
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
            out.closeEntry();
        }
        return bytes.toByteArray();
    }
}
