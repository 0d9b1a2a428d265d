package io.wasmgi.launcher;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * A test of the launcher's container as a whole from outside it (over HTTP, in a browser), started before each
 * test with the framework properties the test gives; what runs inside the framework is tested in itests/.
 */
abstract class InContainerTest {

    @TempDir
    Path work;

    Container running;
    BundleContext context;

    /** The framework properties of the container under test; none beyond the defaults unless overridden. */
    Map<String, String> config() throws Exception {
        return Map.of();
    }

    @BeforeEach
    void startContainer() throws Exception {
        running = Container.start(TestPaths.bundles(), work.resolve("storage"), config());
        context = running.context();
    }

    @AfterEach
    void stopContainer() {
        running.close();
    }

    /** Installs and starts a bundle, as the shell's {@code start file:...} does. */
    Bundle install(Path jar) throws Exception {
        Bundle bundle = context.installBundle(jar.toUri().toString());
        bundle.start();
        return bundle;
    }
}
