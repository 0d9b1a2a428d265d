package io.wasmgi.launcher;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** A test that runs against a fresh container, started before each test in the test's own folder. */
abstract class InContainerTest {

    @TempDir
    Path work;

    TestContainer running;
    BundleContext context;
    Gogo gogo;

    /** The framework properties of the container under test; none beyond the defaults unless overridden. */
    Map<String, String> config() throws Exception {
        return Map.of();
    }

    @BeforeEach
    void startContainer() throws Exception {
        running = TestContainer.start(work, config());
        context = running.context;
        gogo = running.gogo;
    }

    @AfterEach
    void stopContainer() throws Exception {
        running.close();
    }

    Bundle install(Path jar) throws Exception {
        return running.install(jar);
    }
}
