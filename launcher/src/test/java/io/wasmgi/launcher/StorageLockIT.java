package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two launchers on one storage folder: the second is refused at start, and the first serves on, unharmed. */
class StorageLockIT {

    @TempDir
    Path work;

    @Test
    void aSecondContainerOnTheSameStorageIsRefused() throws Exception {
        String storage = work.resolve("storage").toString();
        try (ShellProcess first = new ShellProcess(
                TestPaths.repository(),
                "--http",
                "off",
                "--storage",
                storage,
                "--deploy",
                work.resolve("deploy1").toString())) {
            first.type("lb");
            first.expect("Active .*wasmgi wasm host");

            try (ShellProcess second = new ShellProcess(
                    TestPaths.repository(),
                    "--http",
                    "off",
                    "--storage",
                    storage,
                    "--deploy",
                    work.resolve("deploy2").toString())) {
                second.expect("wasmgi: cannot start the container: storage folder .*storage is in use by another"
                        + " container \\(pid " + first.pid() + "\\): give this one a --storage of its own");
                assertEquals(1, second.waitForExit());
            }

            // the first one's bundles are still there: it loads and serves a plugin
            first.type("calc:load plugins/sub/sub.wasm");
            first.expect("plugin 'sub' \\(-\\) is serving");
            first.type("calc:calc 5 - 2");
            first.expect("(?m)^(g! )?3\\s*$");
            first.type("exit 0");
            assertEquals(0, first.waitForExit());
        }

        // once the first has stopped, the folder is free again
        try (ShellProcess third = new ShellProcess(
                TestPaths.repository(),
                "--http",
                "off",
                "--storage",
                storage,
                "--deploy",
                work.resolve("deploy3").toString())) {
            third.type("lb");
            third.expect("Active .*wasmgi wasm host");
            third.type("exit 0");
            assertEquals(0, third.waitForExit());
        }
    }
}
