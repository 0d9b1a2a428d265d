package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The deploy folder (Felix FileInstall) and raw .wasm plugins, from the folder and from the shell. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DeployFolderIT extends InContainerTest {

    private Path deploy;

    @Override
    Map<String, String> config() throws Exception {
        deploy = Files.createDirectories(work.resolve("deploy"));
        return Map.of(Container.DEPLOY_FOLDER, deploy.toString());
    }

    private boolean serves(String symbol) {
        return !Services.find(context, Services.CALC_OPERATOR, "(calc.operator.symbol=" + Services.escape(symbol) + ")")
                .isEmpty();
    }

    private String pluginsLine(String part) throws Exception {
        return gogo.run("calc:plugins")
                .out()
                .lines()
                .filter(l -> l.contains(part))
                .findFirst()
                .orElse("");
    }

    @Test
    void bundlesAndRawModulesDroppedInTheFolderComeChangeAndGo() throws Exception {
        Files.copy(TestPaths.plugin("add"), deploy.resolve("add-plugin.jar"));
        Files.copy(TestPaths.pluginModule("mul"), deploy.resolve("times.wasm"));
        Await.until("add and the raw mul serve", () -> serves("+") && serves("*"));
        assertEquals(3L, Services.calc(context, "+", 1, 2));
        assertEquals(42L, Services.calc(context, "*", 6, 7));
        assertEquals("wasm.times", Services.operator(context, "*").getBundle().getSymbolicName());

        // replaced: the raw module now holds add, so 'times' serves '+' and '*' is gone
        Path replacement = work.resolve("replacement.wasm");
        Files.copy(TestPaths.pluginModule("add"), replacement);
        Files.move(replacement, deploy.resolve("times.wasm"), StandardCopyOption.REPLACE_EXISTING);
        Await.until(
                "the replaced module is updated, serving '+' now",
                () -> !serves("*")
                        && Services.find(context, Services.CALC_OPERATOR, "(calc.operator.symbol=+)")
                                        .size()
                                == 2);
        assertEquals(
                "wasm.times",
                Services.find(context, Services.CALC_OPERATOR, "(calc.operator.name=add)").stream()
                        .map(r -> r.getBundle().getSymbolicName())
                        .filter("wasm.times"::equals)
                        .findFirst()
                        .orElseThrow());

        Files.delete(deploy.resolve("times.wasm"));
        Files.delete(deploy.resolve("add-plugin.jar"));
        Await.until("deleted plugins are uninstalled", () -> !serves("+"));
        assertEquals(0, Services.operators(context).size());
    }

    @Test
    void aConfigurationFileChangesAPluginsLimitsLive() throws Exception {
        Path jar = TestBundles.plugin(work, "hostile.loop", Wat.module("loop"), Map.of());
        context.installBundle(jar.toUri().toString()).start();
        Files.writeString(deploy.resolve("io.wasmgi.wasm.host.cfg"), "plugin.hostile.loop.timeout = 100ms\n");
        Await.until("the configuration reaches the host", () -> {
            try {
                return gogo.run("calc:config").out().contains("plugin.hostile.loop.timeout = 100ms");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        OperatorHandle loop = new OperatorHandle(context, Services.operator(context, "loop"));
        RuntimeException e =
                org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> loop.calc(1, 2));
        assertTrue(e.getMessage().contains("100 ms deadline"), e.getMessage());
    }

    @Test
    void theShellChangesTheDefaultsLive() throws Exception {
        context.installBundle(TestBundles.plugin(work, "hostile.grow", Wat.module("grow"), Map.of())
                        .toUri()
                        .toString())
                .start();
        assertEquals(256L, Services.calc(context, "grow", 1, 2));
        gogo.run("calc:config memory.max 2MiB");
        Await.until("the new memory limit applies", () -> callGrow() == 32L);
        gogo.run("calc:config memory.max");
        Await.until("the default applies again", () -> callGrow() == 256L);
        assertEquals(42L, callMulAfterInstall());
    }

    @Test
    void aDirectoryIsGrantedOnlyByTheConfiguration() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("note.txt"), "hello");
        running.install(TestBundles.plugin(
                work, "hostile.readfile", Wat.module("readfile"), Map.of("Wasm-Plugin-Directory", "/data")));
        assertTrue(Services.calc(context, "read", 1, 2) != 0, "not granted: path_open fails");
        gogo.run("calc:config plugin.hostile.readfile.directory " + data);
        Await.until("the granted directory opens", () -> {
            try {
                return Services.calc(context, "read", 1, 2) == 0;
            } catch (Exception | AssertionError e) {
                return false;
            }
        });
    }

    private long callGrow() {
        try {
            return Services.calc(context, "grow", 1, 2);
        } catch (Exception | AssertionError e) {
            return -1;
        }
    }

    private long callMulAfterInstall() throws Exception {
        context.installBundle(TestPaths.plugin("mul").toUri().toString()).start();
        return Services.calc(context, "*", 6, 7);
    }

    @Test
    void aBadRawModuleIsRefusedWithItsReason() throws Exception {
        Files.write(deploy.resolve("broken.wasm"), "not wasm at all".getBytes(StandardCharsets.US_ASCII));
        Await.until("broken.wasm is refused", () -> {
            try {
                return pluginsLine("wasm.broken").contains("refused");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(pluginsLine("wasm.broken").contains("not a valid wasm module"), pluginsLine("wasm.broken"));
    }

    @Test
    void theShellInstallsARawModuleFromAPath() throws Exception {
        Gogo.Result installed = gogo.run("calc:load " + TestPaths.pluginModule("mul"));
        assertTrue(
                installed.out().matches("plugin 'mul' \\(\\*\\) is serving, bundle \\d+\\R"),
                installed.out() + installed.err());
        assertEquals(42L, Services.calc(context, "*", 6, 7));

        Path bad = Files.write(work.resolve("bad.wasm"), new byte[0]);
        Gogo.Result refused = gogo.run("calc:load " + bad);
        assertEquals("calc: cannot load " + bad + ": it is empty\n", refused.err());

        Gogo.Result missing = gogo.run("calc:load " + work.resolve("nowhere.wasm"));
        assertEquals("calc: cannot load " + work.resolve("nowhere.wasm") + ": no such file\n", missing.err());
        assertEquals(42L, Services.calc(context, "*", 6, 7));
    }
}
