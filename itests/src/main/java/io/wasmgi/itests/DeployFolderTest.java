package io.wasmgi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.testsupport.Await;
import io.wasmgi.testsupport.Wat;

/** A deploy folder (Felix FileInstall) and raw .wasm plugins, from the folder and from the shell; live configuration. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DeployFolderTest extends FrameworkTest {

    @Test
    void bundlesAndRawModulesDroppedInTheFolderComeChangeAndGo() throws Exception {
        Path deploy = deployFolder(work.resolve("deploy"));
        Fixtures.pluginJarFile(deploy, "add");
        Files.write(deploy.resolve("times.wasm"), Fixtures.pluginModule("mul"));
        Await.until("add and the raw mul serve", () -> serves("+") && serves("*"));
        assertEquals(3L, calc("+", 1, 2));
        assertEquals(42L, calc("*", 6, 7));
        assertEquals("wasm.times", operatorRef("*").getBundle().getSymbolicName());

        // replaced: the raw module now holds add, so 'times' serves '+' and '*' is gone
        Path replacement = Files.write(work.resolve("replacement.wasm"), Fixtures.pluginModule("add"));
        Files.move(replacement, deploy.resolve("times.wasm"), StandardCopyOption.REPLACE_EXISTING);
        Await.until(
                "the replaced module is updated, serving '+' now",
                () -> !serves("*") && operatorsServing("+").size() == 2);
        assertEquals(
                "wasm.times",
                operators("(calc.operator.name=add)").stream()
                        .map(r -> r.getBundle().getSymbolicName())
                        .filter("wasm.times"::equals)
                        .findFirst()
                        .orElseThrow());

        Files.delete(deploy.resolve("times.wasm"));
        Files.delete(deploy.resolve("add-plugin.jar"));
        Await.until("deleted plugins are uninstalled", () -> !serves("+"));
        assertEquals(0, operators(null).size());
    }

    @Test
    void aConfigurationFileChangesAPluginsLimitsLive() throws Exception {
        Path deploy = deployFolder(work.resolve("deploy"));
        installModule("hostile.loop", Wat.module("loop"), Map.of());
        Files.writeString(deploy.resolve(HOST_PID + ".cfg"), "plugin.hostile.loop.timeout = 100ms\n");
        Await.until(
                "the configuration reaches the host",
                () -> shell.out("calc:config").contains("plugin.hostile.loop.timeout = 100ms"));
        CalcException e = assertThrows(CalcException.class, () -> calc("loop", 1, 2));
        assertTrue(e.getMessage().contains("100 ms deadline"), e.getMessage());
    }

    @Test
    void theShellChangesTheDefaultsLive() throws Exception {
        installModule("hostile.grow", Wat.module("grow"), Map.of());
        assertEquals(256L, calc("grow", 1, 2));
        shell.run("calc:config memory.max 2MiB");
        Await.until("the new memory limit applies", () -> callGrow() == 32L);
        shell.run("calc:config memory.max");
        Await.until("the default applies again", () -> callGrow() == 256L);
        installPlugin("mul");
        assertEquals(42L, calc("*", 6, 7));
    }

    /** Config Admin is the way in, whoever writes to it: a test, a tool, calc:config or a .cfg file. */
    @Test
    void aConfigurationWrittenThroughConfigAdminApplies() throws Exception {
        installModule("hostile.grow", Wat.module("grow"), Map.of());
        var properties = new java.util.Hashtable<String, Object>();
        properties.put("plugin.hostile.grow.memory.max", "1MiB");
        hostConfiguration().update(properties);
        Await.until("the plugin's own limit applies", () -> callGrow() == 16L);
        assertTrue(shell.pluginsLine("hostile.grow").contains("active"), shell.out("calc:plugins"));
    }

    @Test
    void aDirectoryIsGrantedOnlyByTheConfiguration() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("note.txt"), "hello");
        installModule("hostile.readfile", Wat.module("readfile"), Map.of("Wasm-Plugin-Directory", "/data"));
        assertTrue(calc("read", 1, 2) != 0, "not granted: path_open fails");
        shell.run("calc:config plugin.hostile.readfile.directory " + data);
        Await.untilNoFailure("the granted directory opens", () -> calc("read", 1, 2) == 0);
    }

    private long callGrow() {
        try {
            return calc("grow", 1, 2);
        } catch (RuntimeException | AssertionError notNow) {
            return -1;
        }
    }

    @Test
    void aBadRawModuleIsRefusedWithItsReason() throws Exception {
        Path deploy = deployFolder(work.resolve("deploy"));
        Files.write(deploy.resolve("broken.wasm"), "not wasm at all".getBytes(StandardCharsets.US_ASCII));
        Await.until(
                "broken.wasm is refused", () -> shell.pluginsLine("wasm.broken").contains("refused"));
        assertTrue(
                shell.pluginsLine("wasm.broken").contains("not a valid wasm module"), shell.pluginsLine("wasm.broken"));
    }

    @Test
    void theShellInstallsARawModuleFromAPath() throws Exception {
        Path mul = Files.write(work.resolve("mul.wasm"), Fixtures.pluginModule("mul"));
        Shell.Result installed = shell.run("calc:load " + mul);
        assertTrue(
                installed.out().matches("plugin 'mul' \\(\\*\\) is serving, bundle \\d+\\R"),
                installed.out() + installed.err());
        assertEquals(42L, calc("*", 6, 7));

        Path bad = Files.write(work.resolve("bad.wasm"), new byte[0]);
        Shell.Result refused = shell.run("calc:load " + bad);
        assertEquals("calc: cannot load " + bad + ": it is empty\n", refused.err());

        Shell.Result missing = shell.run("calc:load " + work.resolve("nowhere.wasm"));
        assertEquals("calc: cannot load " + work.resolve("nowhere.wasm") + ": no such file\n", missing.err());
        assertEquals(42L, calc("*", 6, 7));
    }
}
