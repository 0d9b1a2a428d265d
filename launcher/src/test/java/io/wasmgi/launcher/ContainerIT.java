package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** The container with the real bundles of this build, the real plugins, the real shell commands. */
class ContainerIT extends InContainerTest {

    @Test
    void everyContainerBundleIsActive() {
        for (Bundle bundle : context.getBundles()) {
            // a fragment (SPI Fly's framework extension) is resolved, never active
            int expected = bundle.getHeaders("").get("Fragment-Host") == null ? Bundle.ACTIVE : Bundle.RESOLVED;
            assertEquals(expected, bundle.getState(), bundle.getSymbolicName() + " is not active");
        }
        assertTrue(gogo != null);
    }

    @Test
    void pluginsBecomeOperatorServicesOwnedByTheirBundle() throws Exception {
        Bundle add = install(TestPaths.plugin("add"));
        Bundle mul = install(TestPaths.plugin("mul"));

        ServiceReference<?> plus = Services.operator(context, "+");
        assertEquals(add, plus.getBundle());
        assertEquals("add", plus.getProperty("calc.operator.name"));
        assertEquals(sha256(TestPaths.pluginModule("add")), plus.getProperty("wasm.module.sha256"));

        ServiceReference<?> times = Services.operator(context, "*");
        assertEquals(mul, times.getBundle());
        assertEquals("mul", times.getProperty("calc.operator.name"));
        assertEquals(sha256(TestPaths.pluginModule("mul")), times.getProperty("wasm.module.sha256"));

        assertEquals(3L, Services.calc(context, "+", 1, 2));
        assertEquals(42L, Services.calc(context, "*", 7, 6));
        assertEquals(0L, Services.calc(context, "+", 4294967295L, 1));
        assertEquals(4294967294L, Services.calc(context, "*", 4294967295L, 2));
        assertThrows(IllegalArgumentException.class, () -> Services.calc(context, "+", -1, 2));
    }

    @Test
    void theShellRunsTheOriginalDemo() throws Exception {
        assertTrue(gogo.run("calc:operators").out().contains("No operator is installed"));
        install(TestPaths.plugin("add"));
        install(TestPaths.plugin("mul"));

        assertEquals(
                "Plugin: add\nCalc: 1 + 2 = 3\nPlugin: mul\nCalc: 1 * 2 = 2\n",
                gogo.run("calc:demo").out().replace("\r", ""));
        String operators = gogo.run("calc:operators").out();
        assertTrue(operators.contains("io.wasmgi.plugin.add") && operators.contains("io.wasmgi.plugin.mul"), operators);
        assertEquals(42L, gogo.run("calc:calc '7 * 6'").value());
        assertEquals(13L, gogo.run("calc:calc 7 + 6").value());
        assertEquals(0L, gogo.run("calc:calc 4294967295 + 1").value());
    }

    @Test
    void theAssemblyScriptPluginSubtractsWrapping() throws Exception {
        install(TestPaths.plugin("sub"));
        assertEquals(4L, gogo.run("calc:calc 7 - 3").value());
        assertEquals(4294967295L, gogo.run("calc:calc 1 - 2").value());
    }

    @Test
    void badShellInputGetsOneLineErrors() throws Exception {
        install(TestPaths.plugin("mul"));
        assertError("calc:calc", "missing expression");
        assertError("calc:calc -1 + 2", "negative number -1");
        assertError("calc:calc 7 * 6", "quote the expression");
        assertError("calc:calc '4294967296 * 2'", "4294967296 is too large");
        assertError("calc:calc 1 ^ 2", "no operator '^' is installed (installed: *)");
        assertError("calc:calc 1 two 2", "no operator 'two' is installed");
        assertError("calc:calc 'x * 2'", "'x' is not a number");
    }

    private void assertError(String command, String expected) throws Exception {
        Gogo.Result result = gogo.run(command);
        assertNull(result.value(), command);
        assertTrue(result.err().contains(expected), command + " printed: " + result.err());
        assertEquals(1, result.err().strip().lines().count(), command + " printed: " + result.err());
    }

    @Test
    void uninstalledPluginsLeaveAndComeBack() throws Exception {
        Bundle add = install(TestPaths.plugin("add"));
        install(TestPaths.plugin("mul"));
        assertEquals(3L, gogo.run("calc:calc 1 + 2").value());

        add.uninstall();
        assertEquals(List.of(), Services.find(context, Services.CALC_OPERATOR, "(calc.operator.symbol=+)"));
        Gogo.Result gone = gogo.run("calc:calc 1 + 2");
        assertNull(gone.value());
        assertTrue(gone.err().contains("no operator '+' is installed (installed: *)"), gone.err());
        assertTrue(!gogo.run("calc:operators").out().contains("io.wasmgi.plugin.add"));
        assertEquals(
                "Plugin: mul\nCalc: 1 * 2 = 2\n", gogo.run("calc:demo").out().replace("\r", ""));

        install(TestPaths.plugin("add"));
        assertEquals(3L, gogo.run("calc:calc 1 + 2").value());
    }

    @Test
    void stoppingAPluginRemovesItsServiceAndRestartingRestoresIt() throws Exception {
        Bundle add = install(TestPaths.plugin("add"));
        add.stop();
        assertEquals(List.of(), Services.operators(context));
        add.start();
        assertEquals(5L, Services.calc(context, "+", 2, 3));
    }

    @Test
    void aBundleOfYourOwnConsumesOperatorsThroughDeclarativeServices() throws Exception {
        Bundle add = install(TestPaths.plugin("add"));
        install(TestPaths.exampleConsumer());
        ServiceReference<?> sum = Services.find(context, "io.wasmgi.example.consumer.SumCommand", null)
                .get(0);
        assertEquals(10L, Services.call(context, sum, "sum", (Object) new long[] {1, 2, 3, 4}));

        add.uninstall();
        Exception e = assertThrows(
                IllegalStateException.class, () -> Services.call(context, sum, "sum", (Object) new long[] {1, 2}));
        assertTrue(e.getMessage().contains("no '+' operator"), e.getMessage());

        install(TestPaths.plugin("add"));
        assertEquals(4294967295L + 2 - 4294967296L, Services.call(context, sum, "sum", (Object)
                new long[] {4294967295L, 2}));
    }

    @Test
    void aModuleThatBreaksTheAbiIsRefusedAndTheRestKeepsWorking() throws Exception {
        install(TestPaths.plugin("add"));
        Bundle bad = install(TestBundles.plugin(work, "test.bad", new byte[] {0, 'a', 's', 'm', 9, 9}, Map.of()));
        assertEquals(Bundle.ACTIVE, bad.getState(), "a refused plugin's bundle stays installed");
        assertEquals(1, Services.operators(context).size());
        String plugins = gogo.run("calc:plugins").out();
        assertTrue(plugins.contains("test.bad") && plugins.contains("refused"), plugins);
        assertEquals(3L, Services.calc(context, "+", 1, 2));
    }

    @Test
    void theHighestRankedOperatorWinsASharedSymbol() throws Exception {
        install(TestPaths.plugin("add"));
        byte[] mul = Files.readAllBytes(TestPaths.pluginModule("mul"));
        // the mul module again, but its bundle claims ranking 10: both are '*', the ranked one serves
        install(TestBundles.plugin(work, "test.mul.ranked", mul, Map.of("Wasm-Plugin-Ranking", "10")));
        install(TestPaths.plugin("mul"));
        String operators = gogo.run("calc:operators").out();
        assertTrue(operators.contains("test.mul.ranked") && operators.contains("io.wasmgi.plugin.mul"), operators);
        String plain = operators
                .lines()
                .filter(l -> l.contains("io.wasmgi.plugin.mul"))
                .findFirst()
                .orElseThrow();
        String ranked = operators
                .lines()
                .filter(l -> l.contains("test.mul.ranked"))
                .findFirst()
                .orElseThrow();
        assertTrue(plain.contains("shadowed") && !ranked.contains("shadowed"), operators);
        assertEquals(12L, gogo.run("calc:calc '3 * 4'").value());
        assertEquals(
                "test.mul.ranked", Services.operator(context, "*").getBundle().getSymbolicName());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
