package io.wasmgi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import io.wasmgi.calc.api.CalcOperator;

/** The container's bundles of this build, the real plugins, the real shell commands. */
class ContainerTest extends FrameworkTest {

    @Test
    void everyBundleOfTheRunIsActive() {
        for (Bundle bundle : context.getBundles()) {
            assertEquals(Bundle.ACTIVE, bundle.getState(), bundle.getSymbolicName() + " is not active");
        }
    }

    @Test
    void pluginsBecomeOperatorServicesOwnedByTheirBundle(
            @InjectService(cardinality = 0) ServiceAware<CalcOperator> operators) throws Exception {
        assertEquals(0, operators.size(), "no operator before a plugin is installed");
        Bundle add = installPlugin("add");
        Bundle mul = installPlugin("mul");
        assertEquals(2, operators.size());

        ServiceReference<CalcOperator> plus = operatorRef("+");
        assertEquals(add, plus.getBundle());
        assertEquals("add", plus.getProperty(CalcOperator.NAME_PROPERTY));
        assertEquals(Fixtures.sha256(Fixtures.pluginModule("add")), plus.getProperty("wasm.module.sha256"));
        assertEquals("add", operator("+").name());
        assertEquals("+", operator("+").symbol());

        ServiceReference<CalcOperator> times = operatorRef("*");
        assertEquals(mul, times.getBundle());
        assertEquals("mul", times.getProperty(CalcOperator.NAME_PROPERTY));
        assertEquals(Fixtures.sha256(Fixtures.pluginModule("mul")), times.getProperty("wasm.module.sha256"));

        assertEquals(3L, calc("+", 1, 2));
        assertEquals(42L, calc("*", 7, 6));
        assertEquals(0L, calc("+", 4294967295L, 1));
        assertEquals(4294967294L, calc("*", 4294967295L, 2));
        assertThrows(IllegalArgumentException.class, () -> calc("+", -1, 2));
    }

    @Test
    void theShellRunsTheOriginalDemo() throws Exception {
        assertTrue(shell.out("calc:operators").contains("No operator is installed"));
        installPlugin("add");
        installPlugin("mul");

        assertEquals(
                "Plugin: add\nCalc: 1 + 2 = 3\nPlugin: mul\nCalc: 1 * 2 = 2\n",
                shell.out("calc:demo").replace("\r", ""));
        String operators = shell.out("calc:operators");
        assertTrue(operators.contains("io.wasmgi.plugin.add") && operators.contains("io.wasmgi.plugin.mul"), operators);
        assertEquals(42L, shell.run("calc:calc '7 * 6'").value());
        assertEquals(13L, shell.run("calc:calc 7 + 6").value());
        assertEquals(0L, shell.run("calc:calc 4294967295 + 1").value());
    }

    @Test
    void theAssemblyScriptPluginSubtractsWrapping() throws Exception {
        installPlugin("sub");
        assertEquals(4L, shell.run("calc:calc 7 - 3").value());
        assertEquals(4294967295L, shell.run("calc:calc 1 - 2").value());
    }

    @Test
    void badShellInputGetsOneLineErrors() throws Exception {
        installPlugin("mul");
        assertError("calc:calc", "missing expression");
        assertError("calc:calc -1 + 2", "negative number -1");
        assertError("calc:calc '4294967296 * 2'", "4294967296 is too large");
        assertError("calc:calc 1 ^ 2", "no operator '^' is installed (installed: *)");
        assertError("calc:calc 1 two 2", "no operator 'two' is installed");
        assertError("calc:calc 'x * 2'", "'x' is not a number");
    }

    /**
     * Gogo expands an unquoted {@code *} into the files of the current folder: the launcher's tests keep the
     * hint for that (in a folder they choose); here it only matters that the answer is one line.
     */
    @Test
    void anUnquotedStarIsOneLineError() throws Exception {
        installPlugin("mul");
        Shell.Result result = shell.run("calc:calc 7 * 6");
        assertNull(result.value());
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertTrue(result.err().startsWith("calc: "), result.err());
    }

    private void assertError(String command, String expected) throws Exception {
        Shell.Result result = shell.run(command);
        assertNull(result.value(), command);
        assertTrue(result.err().contains(expected), command + " printed: " + result.err());
        assertEquals(1, result.err().strip().lines().count(), command + " printed: " + result.err());
    }

    @Test
    void uninstalledPluginsLeaveAndComeBack() throws Exception {
        Bundle add = installPlugin("add");
        installPlugin("mul");
        assertEquals(3L, shell.run("calc:calc 1 + 2").value());

        add.uninstall();
        assertEquals(List.of(), List.copyOf(operatorsServing("+")));
        Shell.Result gone = shell.run("calc:calc 1 + 2");
        assertNull(gone.value());
        assertTrue(gone.err().contains("no operator '+' is installed (installed: *)"), gone.err());
        assertTrue(!shell.out("calc:operators").contains("io.wasmgi.plugin.add"));
        assertEquals("Plugin: mul\nCalc: 1 * 2 = 2\n", shell.out("calc:demo").replace("\r", ""));

        installPlugin("add");
        assertEquals(3L, shell.run("calc:calc 1 + 2").value());
    }

    @Test
    void stoppingAPluginRemovesItsServiceAndRestartingRestoresIt() throws Exception {
        Bundle add = installPlugin("add");
        add.stop();
        assertEquals(List.of(), List.copyOf(operators(null)));
        add.start();
        assertEquals(5L, calc("+", 2, 3));
    }

    @Test
    void aBundleOfYourOwnConsumesOperatorsThroughDeclarativeServices() throws Exception {
        Bundle add = installPlugin("add");
        install("example-consumer.jar", Fixtures.exampleConsumerJar());
        assertEquals(10L, shell.run("example:sum 1 2 3 4").value());

        add.uninstall();
        Exception e = assertThrows(IllegalStateException.class, () -> shell.run("example:sum 1 2"));
        assertTrue(e.getMessage().contains("no '+' operator"), e.getMessage());

        installPlugin("add");
        assertEquals(
                4294967295L + 2 - 4294967296L,
                shell.run("example:sum 4294967295 2").value());
    }

    @Test
    void aModuleThatBreaksTheAbiIsRefusedAndTheRestKeepsWorking() throws Exception {
        installPlugin("add");
        Bundle bad = installModule("test.bad", new byte[] {0, 'a', 's', 'm', 9, 9}, Map.of());
        assertEquals(Bundle.ACTIVE, bad.getState(), "a refused plugin's bundle stays installed");
        assertEquals(1, operators(null).size());
        String plugins = shell.out("calc:plugins");
        assertTrue(plugins.contains("test.bad") && plugins.contains("refused"), plugins);
        assertEquals(3L, calc("+", 1, 2));
    }

    @Test
    void theHighestRankedOperatorWinsASharedSymbol() throws Exception {
        installPlugin("add");
        // the mul module again, but its bundle claims ranking 10: both are '*', the ranked one serves
        installModule("test.mul.ranked", Fixtures.pluginModule("mul"), Map.of("Wasm-Plugin-Ranking", "10"));
        installPlugin("mul");
        String operators = shell.out("calc:operators");
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
        assertEquals(12L, shell.run("calc:calc '3 * 4'").value());
        assertEquals("test.mul.ranked", operatorRef("*").getBundle().getSymbolicName());
    }
}
