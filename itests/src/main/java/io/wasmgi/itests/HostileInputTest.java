package io.wasmgi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.wasmgi.testsupport.Await;
import io.wasmgi.testsupport.Wat;

/** File names, URLs and files that attack the host: through a deploy folder and through calc:load. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HostileInputTest extends FrameworkTest {

    /** What a raw module's bundle has, and nothing more, whatever its file is called. */
    private static final Set<String> RAW_HEADERS = new TreeSet<>(List.of(
            "Manifest-Version",
            "Bundle-ManifestVersion",
            "Bundle-SymbolicName",
            "Bundle-Version",
            "Bundle-Name",
            "Wasm-Plugin",
            "Require-Capability"));

    private static final List<String> HOSTILE_NAMES = List.of(
            "evil\nWasm-Plugin-Ranking: 1000\nX: .wasm",
            "cr\rWasm-Plugin-Ranking: 1000\r.wasm",
            "ls\u2028Wasm-Plugin-Ranking: 1000\u0085X: y.wasm",
            "bidi\u202egnp.wasm",
            "esc\u001b[2J\u001b]0;title\u0007.wasm",
            "....wasm",
            "a".repeat(200) + ":Wasm-Plugin-Ranking: 1000.wasm");

    private List<Bundle> rawBundles() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("wasm."))
                .toList();
    }

    private static Set<String> headerNames(Bundle bundle) {
        Enumeration<String> keys = bundle.getHeaders("").keys();
        return new TreeSet<>(Collections.list(keys));
    }

    /** The bundle has exactly the headers meant, and its operator no ranking of its own. */
    private void assertNothingInjected(Bundle bundle) {
        assertEquals(RAW_HEADERS, headerNames(bundle), bundle.getSymbolicName());
        assertTrue(bundle.getSymbolicName().matches("wasm\\.[a-z0-9_-]{1,64}"), bundle.getSymbolicName());
        String name = bundle.getHeaders("").get("Bundle-Name");
        assertTrue(name.matches("[ -~]+"), name);
        ServiceReference<?>[] services = bundle.getRegisteredServices();
        assertEquals(1, services == null ? 0 : services.length, "the plugin serves: " + bundle.getSymbolicName());
        assertNull(services[0].getProperty(Constants.SERVICE_RANKING), "no ranking from a file name");
    }

    @Test
    void fileNamesInTheDeployFolderCannotInjectHeaders() throws Exception {
        Path deploy = deployFolder(work.resolve("deploy"));
        byte[] add = Fixtures.pluginModule("add");
        for (String name : HOSTILE_NAMES) {
            Files.write(deploy.resolve(name), add);
        }
        Fixtures.pluginJarFile(deploy, "add");
        int expected = HOSTILE_NAMES.size() + 1;
        Await.until("every copy of add serves", () -> operatorsServing("+").size() == expected);
        assertEquals(HOSTILE_NAMES.size(), rawBundles().size());
        rawBundles().forEach(this::assertNothingInjected);
    }

    @Test
    void aUrlCannotInjectHeadersThroughCalcLoad() throws Exception {
        Path evil = Files.write(work.resolve(HOSTILE_NAMES.get(0)), Fixtures.pluginModule("add"));
        String url = evil.toUri().toString();
        assertTrue(url.contains("%0A"), url);
        Shell.Result loaded = shell.run("calc:load '" + url + "'");
        assertTrue(
                loaded.out().matches("plugin 'add' \\(\\+\\) is serving, bundle \\d+\\R"), loaded.out() + loaded.err());
        assertEquals("", loaded.err());
        assertEquals(1, rawBundles().size());
        assertNothingInjected(rawBundles().get(0));
    }

    @Test
    void devicesFifosDirectoriesAndOversizedFilesAreRefusedByCalcLoadAtOnce() throws Exception {
        Path fifo = work.resolve("fifo.wasm");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path zero = Files.createSymbolicLink(work.resolve("zero.wasm"), Path.of("/dev/zero"));
        Path big = work.resolve("big.wasm");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(2300L * 1024 * 1024);
        }
        Map<String, String> reasons = Map.of(
                "/dev/zero",
                "it is a character device, not a regular file",
                "file:///dev/zero",
                "it is a character device, not a regular file",
                zero.toString(),
                "it is a character device, not a regular file (it is /dev/zero)",
                fifo.toString(),
                "it is a FIFO, not a regular file",
                work.toString(),
                "it is a directory, not a file",
                big.toString(),
                "it is 2411724800 bytes, larger than the limit of 16777216 bytes",
                work.resolve("nowhere.wasm").toString(),
                "no such file");
        int bundles = context.getBundles().length;
        for (Map.Entry<String, String> source : reasons.entrySet()) {
            long start = System.nanoTime();
            Shell.Result refused = shell.run("calc:load " + source.getKey());
            assertEquals("calc: cannot load " + source.getKey() + ": " + source.getValue() + "\n", refused.err());
            assertEquals("", refused.out());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), source.getKey());
        }
        assertEquals(bundles, context.getBundles().length, "nothing installed");
    }

    @Test
    void aNonWasmFileIsRefusedInOneLineAndNothingIsInstalled() throws Exception {
        Path source =
                Files.writeString(work.resolve("mul.c"), "unsigned calc(unsigned a, unsigned b) { return a * b; }\n");
        int bundles = context.getBundles().length;
        Shell.Result refused = shell.run("calc:load " + source);
        assertEquals(
                "calc: cannot load " + source + ": it is not a wasm module: it does not start with \\0asm and"
                        + " version 1\n",
                refused.err());
        assertEquals("", refused.out());
        assertEquals(bundles, context.getBundles().length);
    }

    @Test
    void aModuleTheHostRefusesIsReportedOnceAndUninstalled() throws Exception {
        Path nocalc = Files.write(work.resolve("nocalc.wasm"), Wat.module("missingexport"));
        int bundles = context.getBundles().length;
        Shell.Result refused = shell.run("calc:load " + nocalc);
        assertTrue(
                refused.err().matches("calc: refused " + nocalc + ": .*calc.*; nothing was installed\\R"),
                refused.err());
        assertEquals("", refused.out());
        assertEquals(bundles, context.getBundles().length);
        assertTrue(shell.out("calc:plugins").contains("No wasm plugin bundle is installed"));
    }

    @Test
    void aModulesOwnStringsInARefusalAreShownInert() throws Exception {
        Path module = Files.write(work.resolve("escimport.wasm"), Wat.module("escimport"));
        Shell.Result refused = shell.run("calc:load " + module);
        assertTrue(refused.err().startsWith("calc: refused " + module + ": "), refused.err());
        assertTrue(
                refused.err().contains("\\e[2J\\e]0;pwned\\x07\\n[WARN] io.wasmgi.wasm.host: forged"), refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());

        installModule("hostile.escimport", Wat.module("escimport"), Map.of());
        String plugins = shell.out("calc:plugins");
        assertTrue(plugins.contains("\\e[2J\\e]0;pwned\\x07\\n[WARN] io.wasmgi.wasm.host: forged"), plugins);
        assertFalse(plugins.matches("(?s).*[\\x00-\\x08\\x0b-\\x1f\\x7f].*"), plugins);
    }

    @Test
    void aRefusedUpdateLeavesThePreviousModuleServing() throws Exception {
        Path module = Files.write(work.resolve("calc.wasm"), Fixtures.pluginModule("mul"));
        Shell.Result loaded = shell.run("calc:load " + module);
        String id = loaded.out().replaceAll("(?s).*bundle (\\d+).*", "$1");
        assertEquals("plugin 'mul' (*) is serving, bundle " + id + "\n", loaded.out());

        Files.write(module, Wat.module("missingexport"));
        Shell.Result refused = shell.run("calc:load " + module);
        assertTrue(
                refused.err()
                        .matches("calc: refused " + module + ": .*; the previous module serves on, plugin"
                                + " 'mul' \\(\\*\\) is serving, bundle " + id + "\\R"),
                refused.err());
        assertEquals(42L, calc("*", 6, 7));

        Path add = Files.write(work.resolve("add.wasm"), Fixtures.pluginModule("add"));
        Files.copy(add, module, StandardCopyOption.REPLACE_EXISTING);
        assertEquals("plugin 'add' (+) is serving, bundle " + id + " (updated)\n", shell.out("calc:load " + module));
    }

    @Test
    void a404SaysWhatHappened() throws Exception {
        try (TinyHttpServer server = new TinyHttpServer(Map.of("/mul.wasm", Fixtures.pluginModule("mul")))) {
            String base = server.base();
            assertEquals(
                    "calc: cannot load " + base + "/missing.wasm: the server answered HTTP 404 (not found)\n",
                    shell.run("calc:load " + base + "/missing.wasm").err());
            assertTrue(shell.out("calc:load " + base + "/mul.wasm").startsWith("plugin 'mul' (*) is serving"));
        }
    }

    @Test
    void specialFilesInTheDeployFolderAreRefusedAndDoNotBlockIt() throws Exception {
        Path deploy = deployFolder(work.resolve("deploy"));
        assertEquals(
                0,
                new ProcessBuilder("mkfifo", deploy.resolve("fifo.wasm").toString())
                        .start()
                        .waitFor());
        Files.createSymbolicLink(deploy.resolve("zero.wasm"), Path.of("/dev/zero"));
        Thread.sleep(1000); // a few polls of the folder
        Files.write(deploy.resolve("mul.wasm"), Fixtures.pluginModule("mul"));
        Await.until("mul serves, the deploy folder not stuck", () -> serves("*"));
        assertEquals(
                List.of("wasm.mul"),
                rawBundles().stream().map(Bundle::getSymbolicName).toList());
    }
}
