package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.wasmgi.testsupport.Await;
import io.wasmgi.testsupport.Wat;

/** README's session, typed into the real launcher's shell from the repository root. */
class ShellEndToEndIT {

    @TempDir
    Path storage;

    @Test
    void theReadmeSessionWorksAsWritten() throws Exception {
        try (ShellProcess shell = new ShellProcess(TestPaths.repository(), "--storage", storage.toString())) {
            shell.type("lb");
            shell.expect("Active .*wasmgi calc bundle");
            shell.expect("Active .*wasmgi wasm host");
            shell.type("calc:operators");
            shell.expect("No operator is installed");

            shell.type("install file:plugins/add/target/add-plugin.jar");
            String addId = shell.expect("Bundle ID: (\\d+)").group(1);
            assertEquals("25", addId, "README's session says 'Bundle ID: 25' and 'start 25'");
            shell.type("start " + addId);
            shell.type("install file:plugins/mul/target/mul-plugin.jar");
            String mulId = shell.expect("Bundle ID: (\\d+)").group(1);
            shell.type("start " + mulId);

            shell.type("calc:operators");
            shell.expect("\\+\\s+add\\s.*io\\.wasmgi\\.plugin\\.add");
            shell.expect("\\*\\s+mul\\s.*io\\.wasmgi\\.plugin\\.mul");

            shell.type("calc:demo");
            shell.expect("Plugin: add\\R+Calc: 1 \\+ 2 = 3\\R+Plugin: mul\\R+Calc: 1 \\* 2 = 2");

            shell.type("calc:calc '7 * 6'");
            shell.expect("\\b42\\b");
            shell.type("calc:calc 4294967295 + 1");
            shell.expect("(?m)^(g! )?0\\s*$");
            shell.type("calc:calc 7 * 6");
            shell.expect("quote the expression");

            shell.type("uninstall " + addId);
            shell.type("calc:calc 1 + 2");
            shell.expect("no operator '\\+' is installed \\(installed: \\*\\)");

            shell.type("exit");
            assertEquals(0, shell.waitForExit());
            assertNoStackTrace(shell.allOutput());
        }
    }

    @Test
    void endOfInputStopsTheContainerCleanly() throws Exception {
        try (ShellProcess shell = new ShellProcess(TestPaths.repository(), "--storage", storage.toString())) {
            shell.type("start file:plugins/mul/target/mul-plugin.jar");
            shell.type("calc:calc 6 x 7");
            shell.expect("no operator 'x' is installed \\(installed: \\*\\)");
            shell.type("calc:load plugins/sub/sub.wasm");
            shell.expect("plugin 'sub' \\(-\\) is serving");
            shell.type("calc:calc 1 - 2");
            shell.expect("4294967295");

            // a plugin's output reaches the console through the Log service, named after the plugin
            Path hello = java.nio.file.Files.write(storage.resolveSibling("hello.wasm"), Wat.module("hello"));
            shell.type("calc:load " + hello);
            shell.expect("plugin 'hello' \\(hi\\) is serving");
            shell.type("calc:calc 2 hi 3");
            shell.expect("\\[INFO\\] io\\.wasmgi\\.plugins: \\[plugin hello\\] hello from wasm");
            // and a refusal is one line naming the file and the cause
            shell.type("calc:load " + java.nio.file.Files.write(storage.resolveSibling("empty.wasm"), new byte[0]));
            shell.expect("calc: cannot load .*empty\\.wasm: it is empty");
            // a plugin's output cannot drive the terminal nor forge a line of the host's
            Path terminal = java.nio.file.Files.write(storage.resolveSibling("terminal.wasm"), Wat.module("terminal"));
            shell.type("calc:load " + terminal);
            shell.expect("plugin 'terminal' \\(tty\\) is serving, bundle \\d+");
            shell.type("calc:calc 2 tty 3");
            shell.expect("\\[INFO\\] io\\.wasmgi\\.plugins: \\[plugin terminal\\] "
                    + java.util.regex.Pattern.quote("\\e[2J\\e]0;pwned\\x07\\rok"));
            shell.expect("\\[INFO\\] io\\.wasmgi\\.plugins: \\[plugin terminal\\] "
                    + java.util.regex.Pattern.quote("[WARN] io.wasmgi.wasm.host: refused plugin (bundle 1,"
                            + " io.wasmgi.plugin.add): forged\\u202e\\u009b\\x08\\x7f"));
            shell.endInput();
            assertEquals(0, shell.waitForExit());
            assertNoStackTrace(shell.allOutput());
            assertFalse(
                    shell.allOutput().matches("(?s).*[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202e].*"),
                    "a control character reached the console");
        }
    }

    /** Ctrl-C (SIGINT) stops a calc:load waiting on a server that never answers, and the shell goes on. */
    @Test
    void ctrlCStopsALoadAndTheShellGoesOn() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
                ShellProcess shell = ShellProcess.inTerminal(TestPaths.repository(), "--storage", storage.toString())) {
            awaitHostCommands(shell);
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/never.wasm";
            shell.type("calc:load " + url);
            try (java.net.Socket accepted = silent.accept()) {
                Thread.sleep(500);
                shell.ctrlC();
                shell.expect("InterruptedException");
            }
            // the shell still reads and prints: an interrupted write would have closed its output for good
            shell.type("calc:load plugins/mul/mul.wasm");
            shell.expect("plugin 'mul' \\(\\*\\) is serving, bundle \\d+");
            shell.type("exit");
            assertEquals(0, shell.waitForExit());
        }
    }

    /** Dropping, replacing and deleting a raw module in the deploy folder: one line each, and no warning. */
    @Test
    void theDeployFolderSaysOneLinePerChange(@TempDir Path folder) throws Exception {
        Path deploy = java.nio.file.Files.createDirectories(folder.resolve("deploy"));
        try (ShellProcess shell =
                new ShellProcess(folder, "--storage", storage.toString(), "--deploy", deploy.toString())) {
            shell.type("calc:operators");
            shell.expect("No operator is installed");
            java.nio.file.Files.copy(TestPaths.pluginModule("mul"), deploy.resolve("calc.wasm"));
            String id = shell.expect("\\[INFO\\] io\\.wasmgi\\.wasm\\.host: plugin 'mul' \\(\\*\\) is serving"
                            + " \\(bundle (\\d+), wasm\\.calc\\)")
                    .group(1);
            Path replacement = java.nio.file.Files.copy(TestPaths.pluginModule("add"), folder.resolve("add.wasm"));
            java.nio.file.Files.move(
                    replacement, deploy.resolve("calc.wasm"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            shell.expect("\\[INFO\\] io\\.wasmgi\\.wasm\\.host: plugin 'add' \\(\\+\\) is serving \\(bundle " + id
                    + ", wasm\\.calc\\)");
            java.nio.file.Files.delete(deploy.resolve("calc.wasm"));
            shell.expect("\\[INFO\\] io\\.wasmgi\\.wasm\\.host: plugin 'add' \\(\\+\\) is uninstalled \\(bundle " + id
                    + ", wasm\\.calc\\)");
            shell.type("exit");
            assertEquals(0, shell.waitForExit());
            String all = shell.allOutput();
            // what the deploy folder's changes printed, up to the exit: at shutdown Felix's EventAdmin may say
            // that stopping interrupted its delivery thread, which is not ours to judge here
            String beforeExit = all.substring(0, Math.max(0, all.indexOf("gosh: stopping framework")));
            assertFalse(beforeExit.isEmpty(), all);
            assertFalse(beforeExit.contains("WARN"), all);
            assertEquals(3, all.lines().filter(l -> l.contains("io.wasmgi")).count(), all);
        }
    }

    /** What a newcomer meets: how to type each operator, plain refusals, call times with units. */
    @Test
    void theShellSaysThingsPlainly(@TempDir Path folder) throws Exception {
        Path cut = folder.resolve("cut.wasm");
        java.nio.file.Files.write(
                cut, java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(TestPaths.pluginModule("mul")), 100));
        try (ShellProcess shell = new ShellProcess(TestPaths.repository(), "--storage", storage.toString())) {
            // the host's commands come with its component, which SCR may activate after the prompt shows
            Await.until("the host's commands are there", () -> {
                shell.type("calc:plugins");
                Thread.sleep(300);
                return shell.allOutput().contains("No wasm plugin bundle is installed.");
            });
            shell.type("calc:load plugins/mul/mul.c");
            shell.expect("cannot load plugins/mul/mul.c: it is not a wasm module");
            shell.type("calc:load " + cut);
            shell.expect("not a valid wasm module: a truncated or corrupt module");
            shell.type("calc:load plugins/mul/mul.wasm");
            shell.expect("plugin 'mul' \\(\\*\\) is serving");
            shell.type("calc:operators");
            shell.expect("TYPE IT AS");
            shell.expect("\\*\\s+mul\\s.*calc:calc '7 \\* 6'");
            shell.type("calc:calc '7 * 6'");
            shell.expect("\\b42\\b");
            shell.type("calc:plugins");
            shell.expect("P50 / P99");
            shell.expect("mul\\s+\\*\\s+1\\s+0\\s+\\d+(\\.\\d)? (ns|us|ms) / \\d+(\\.\\d)? (ns|us|ms)");
            shell.type("exit");
            assertEquals(0, shell.waitForExit());
        }
    }

    /** The deploy folder's io.wasmgi.wasm.host.cfg is the configuration: the shell writes it, a restart reads it. */
    @Test
    void shellSettingsAreSavedInTheDeployFolderAndSurviveARestart(@TempDir Path folder) throws Exception {
        Path deploy = java.nio.file.Files.createDirectories(folder.resolve("deploy"));
        Path file = deploy.resolve("io.wasmgi.wasm.host.cfg");
        try (ShellProcess shell =
                new ShellProcess(folder, "--storage", storage.toString(), "--deploy", deploy.toString())) {
            awaitHostCommands(shell);
            shell.type("calc:config timeout 250ms");
            Await.until(
                    "FileInstall saves the setting",
                    () -> java.nio.file.Files.exists(file)
                            && java.nio.file.Files.readString(file).matches("(?s).*timeout\\s*=\\s*\"?250ms.*"));
            shell.type("exit");
            assertEquals(0, shell.waitForExit());
        }
        try (ShellProcess shell = new ShellProcess(
                folder, "--storage", folder.resolve("fresh-storage").toString(), "--deploy", deploy.toString())) {
            awaitHostCommands(shell);
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!shell.allOutput().contains("timeout = 250ms")) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("the saved setting was not read back; the file holds:\n"
                            + java.nio.file.Files.readString(file) + "\nthe shell said:\n" + shell.allOutput());
                }
                shell.type("calc:config");
                Thread.sleep(1000);
            }
            java.nio.file.Files.delete(file);
            Await.until("deleting the file returns to the defaults", () -> {
                shell.type("calc:config");
                Thread.sleep(400);
                return shell.allOutput().contains("No configuration: built-in defaults.");
            });
            shell.type("exit");
            assertEquals(0, shell.waitForExit());
        }
    }

    /** In a new user's folder, the deploy folder is the only file: an unquoted * becomes its name. */
    @Test
    void anUnquotedStarInAFolderOfOneFileIsExplained(@TempDir Path folder) throws Exception {
        try (ShellProcess shell = new ShellProcess(folder, "--storage", storage.toString())) {
            shell.type("start " + TestPaths.plugin("mul").toUri());
            shell.type("calc:calc 6 * 7");
            shell.expect("no operator 'deploy' is installed \\(installed: \\*\\); 'deploy' is the one file here:"
                    + " an unquoted \\* becomes the files of the current folder, quote the expression");
            shell.type("calc:calc '6 * 7'");
            shell.expect("\\b42\\b");
            shell.type("exit");
            assertEquals(0, shell.waitForExit());
            assertNoStackTrace(shell.allOutput());
        }
    }

    @Test
    void sigtermStopsTheContainerCleanly() throws Exception {
        try (ShellProcess shell = new ShellProcess(TestPaths.repository(), "--storage", storage.toString())) {
            shell.type("calc:operators");
            shell.expect("No operator is installed");
            new ProcessBuilder("kill", "-TERM", Long.toString(shell.pid()))
                    .start()
                    .waitFor();
            int status = shell.waitForExit();
            assertNoStackTrace(shell.allOutput());
            // Main's shutdown hook stops the framework, then halts with the shell's code: not 143 (128 + SIGTERM)
            assertEquals(0, status, "exit status");
        }
    }

    @Test
    void ctrlCDuringACallInARealTerminalLeavesAWorkingConsole(@TempDir Path folder) throws Exception {
        Path loop = Files.write(folder.resolve("loop.wasm"), Wat.module("loopbrif"));
        try (ShellProcess shell = ShellProcess.inTerminal(folder, "--storage", storage.toString())) {
            shell.expect("g! ");
            awaitHostCommands(shell);
            // interpreted, with a 30 s deadline: only Ctrl-C can end the call soon
            shell.type("calc:config plugin.wasm.loop.timeout 30s");
            shell.type("calc:config plugin.wasm.loop.engine interpreter");
            shell.type("calc:config");
            shell.expect("plugin\\.wasm\\.loop\\.engine = interpreter");
            shell.type("calc:load " + loop);
            shell.expect("plugin 'loopbrif' \\(~\\) is serving");
            shell.type("calc:calc 1 ~ 2");
            Thread.sleep(1000); // running
            shell.ctrlC();
            // Gogo interrupts the command's thread, and the call stops at once ("was interrupted"); under load
            // Gogo 1.1 sometimes gives the prompt back without interrupting it, and the call runs to its deadline
            // then. Either way the console must keep answering: an interrupt left set on the shell's thread
            // once closed its output for good
            shell.type("calc:plugins");
            shell.expect("wasm\\.loop +active +loopbrif");
            System.out.println("after Ctrl-C: "
                    + (shell.allOutput().contains("was interrupted")
                            ? "the call was interrupted"
                            : "Gogo did not interrupt the call"));
            shell.type("exit 0");
            assertEquals(0, shell.waitForExit());
        }
    }

    private static void assertNoStackTrace(String output) {
        Matcher trace = java.util.regex.Pattern.compile("Exception|\\n\\s+at [\\w.$]+\\(")
                .matcher(output);
        assertFalse(trace.find(), "the shell printed a stack trace or exception:\n" + output);
    }

    /**
     * The prompt comes as soon as the shell's bundle has started; the host's commands (calc:load, calc:config) a
     * moment later, once every bundle after it has started and DS has activated the host: wait for them.
     */
    private static void awaitHostCommands(ShellProcess shell) throws Exception {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!shell.allOutput().contains("No wasm plugin bundle is installed")) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the host's commands never came; output:\n" + shell.allOutput());
            }
            shell.type("calc:plugins");
            Thread.sleep(500);
        }
    }
}
