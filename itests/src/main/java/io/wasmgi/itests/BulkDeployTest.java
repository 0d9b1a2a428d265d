package io.wasmgi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;

import io.wasmgi.testsupport.Await;

/**
 * Many raw modules copied into a deploy folder at once: every one becomes a plugin. With FileInstall's default
 * WatchService scanner none did: the JDK drops all of a folder's events past 512 for one OVERFLOW event, which
 * FileInstall ignores (the launcher and {@link FrameworkTest#deployFolder} poll instead).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BulkDeployTest extends FrameworkTest {

    private static final int COPIES = 270;

    @Test
    void everyModuleCopiedAtOnceIsInstalled() throws Exception {
        // 270 plugins of the default 16 MiB x pool would pass the memory budget: 1 MiB x 1 each fits any heap
        shell.run("calc:config memory.max 1MiB");
        shell.run("calc:config pool.size 1");
        Await.until(
                "the limits apply",
                () -> shell.out("calc:config").contains("memory 1MiB (configuration) x 1 instances (configuration)"));
        Path deploy = deployFolder(work.resolve("deploy"));
        byte[] mul = Fixtures.pluginModule("mul");
        // names that make the same bundle name: each file is a bundle of its own all the same
        List<String> alike = List.of("a b.wasm", "a_b.wasm", "A B.wasm", "a?b.wasm", "a\nb.wasm", "a.b.WASM");
        for (String name : alike) {
            Files.write(deploy.resolve(name), mul);
        }
        for (int i = alike.size(); i < COPIES; i++) {
            Files.write(deploy.resolve("mul-" + i + ".wasm"), mul);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long serving = 0;
        while (System.nanoTime() < end) {
            serving = operatorsServing("*").size();
            if (serving == COPIES) {
                break;
            }
            Thread.sleep(200);
        }
        long bundles = Arrays.stream(context.getBundles())
                .map(Bundle::getSymbolicName)
                .filter(n -> n != null && n.startsWith("wasm."))
                .count();
        assertEquals(COPIES, serving, bundles + " bundles installed");
        long listed = shell.out("calc:plugins")
                .lines()
                .filter(l -> l.contains(" active "))
                .count();
        assertEquals(COPIES, listed, "calc:plugins lists every one serving");
    }
}
