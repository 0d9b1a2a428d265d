package io.wasmgi.launcher;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** A container with this build's bundles, in a test's folder, and a Gogo session on it. */
final class TestContainer implements AutoCloseable {

    final Container container;
    final BundleContext context;
    final Gogo gogo;

    private TestContainer(Container container) throws Exception {
        this.container = container;
        this.context = container.context();
        this.gogo = new Gogo(context);
    }

    /** Starts a container whose storage is {@code work/storage}. */
    static TestContainer start(Path work, Map<String, String> config) throws Exception {
        return new TestContainer(Container.start(TestPaths.bundles(), work.resolve("storage"), config));
    }

    /** Installs and starts a bundle, as the shell's {@code start file:...} does. */
    Bundle install(Path jar) throws Exception {
        Bundle bundle = context.installBundle(jar.toUri().toString());
        bundle.start();
        return bundle;
    }

    @Override
    public void close() throws Exception {
        gogo.close();
        container.close();
    }
}
