package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.wasmgi.testsupport.PluginJars;

/**
 * What the launcher sets when it starts the framework, seen from its shell: the engine chosen with a system
 * property, and its deploy folder, polled so that many files copied at once are all installed. The container's
 * behaviour otherwise is tested inside the framework (module itests).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LaunchSettingsIT {

    @TempDir
    Path folder;

    /** Types {@code command} every 300 ms until the shell's output, all of it so far, matches {@code regex}. */
    private static void retypeUntil(ShellProcess shell, String command, String regex) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!pattern.matcher(shell.allOutput()).find()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("expected /" + regex + "/ after " + command + ":\n" + shell.allOutput());
            }
            shell.type(command);
            Thread.sleep(300);
        }
    }

    @Test
    void theInterpreterIsChosenForTheContainerAtLaunchAndAPluginMayAskOtherwise() throws Exception {
        Path compiledMul = PluginJars.write(
                folder,
                "test.mul.compiled",
                Files.readAllBytes(TestPaths.pluginModule("mul")),
                Map.of("Wasm-Plugin-Engine", "compiled"));
        try (ShellProcess shell = ShellProcess.withSystemProperties(
                folder,
                List.of("-Dwasmgi.engine=interpreter"),
                "--storage",
                folder.resolve("storage").toString())) {
            retypeUntil(shell, "calc:operators", "No operator is installed");
            shell.type("start " + TestPaths.plugin("add").toUri());
            shell.expect("plugin 'add' \\(\\+\\) is serving");
            shell.type("start " + compiledMul.toUri());
            shell.expect("plugin 'mul' \\(\\*\\) is serving");
            retypeUntil(shell, "calc:plugins", "test\\.mul\\.compiled +active[^\\n]* compiled");
            shell.type("calc:plugins");
            shell.expect("io\\.wasmgi\\.plugin\\.add +active[^\\n]* interpreter");
            shell.type("calc:calc '6 * 7'");
            shell.expect("\\b42\\b");
            shell.type("calc:calc 1 + 2");
            shell.expect("(?m)^(g! )?3\\s*$");
            shell.type("exit 0");
            assertEquals(0, shell.waitForExit());
        }
    }

    /**
     * Many raw modules copied into the deploy folder at once: every one becomes a plugin. With FileInstall's
     * default WatchService scanner none did (the JDK drops a folder's events past 512 for one OVERFLOW event,
     * which FileInstall ignores): the launcher has FileInstall list the folder instead.
     */
    @Test
    void everyModuleCopiedAtOnceIntoTheDeployFolderIsInstalled() throws Exception {
        int copies = 270;
        Path deploy = Files.createDirectories(folder.resolve("deploy"));
        try (ShellProcess shell = new ShellProcess(
                folder, "--storage", folder.resolve("storage").toString(), "--deploy", deploy.toString())) {
            // the host's commands are registered once its bundle has started, after the shell's first prompt
            retypeUntil(shell, "calc:operators", "No operator is installed");
            // 270 plugins of the default 16 MiB x pool would pass the memory budget: 1 MiB x 1 each fits any heap
            shell.type("calc:config memory.max 1MiB");
            shell.type("calc:config pool.size 1");
            retypeUntil(shell, "calc:config", "memory 1MiB \\(configuration\\) x 1 instances \\(configuration\\)");
            byte[] mul = Files.readAllBytes(TestPaths.pluginModule("mul"));
            for (int i = 0; i < copies; i++) {
                Files.write(deploy.resolve("mul-" + i + ".wasm"), mul);
            }
            Pattern serving = Pattern.compile("plugin 'mul' \\(\\*\\) is serving \\(bundle \\d+, wasm\\.mul-\\d+\\)");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            long count = 0;
            while (System.nanoTime() < end && count < copies) {
                Thread.sleep(500);
                count = serving.matcher(shell.allOutput()).results().count();
            }
            assertEquals(copies, count, "plugins said to serve");
            shell.type("calc:plugins");
            shell.type("echo listed");
            shell.expect("(?m)^(g! )?listed\\s*$");
            long listed = shell.allOutput()
                    .lines()
                    .filter(l -> l.contains("wasm.mul-") && l.contains(" active "))
                    .count();
            assertEquals(copies, listed, "calc:plugins lists every one serving");
            shell.type("exit 0");
            assertEquals(0, shell.waitForExit());
        }
    }
}
