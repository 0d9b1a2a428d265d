package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.wasmgi.testsupport.Await;

/**
 * Config Admin, the Log service and FileInstall are optional for the host: in a framework without them it still
 * resolves, starts and serves plugins, and offers no FileInstall transformer; with them, it offers one.
 */
class OptionalServicesIT {

    private static final List<String> OPTIONAL = List.of(
            "org.apache.felix.configadmin", "org.apache.felix.log", "org.apache.felix.fileinstall", "console-log");

    @TempDir
    Path work;

    @Test
    void theHostServesPluginsWithoutConfigAdminLogOrFileInstall() throws Exception {
        Path bundles = Files.createDirectories(work.resolve("bundles"));
        try (Stream<Path> jars = Files.list(TestPaths.bundles())) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                String name = jar.getFileName().toString();
                if (OPTIONAL.stream().noneMatch(name::startsWith)) {
                    Files.copy(jar, bundles.resolve(name));
                }
            }
        }
        try (Container container = Container.start(bundles, work.resolve("storage"), Map.of())) {
            BundleContext context = container.context();
            assertEquals(
                    Bundle.ACTIVE, bundle(context, "io.wasmgi.wasm.host").getState(), "the host starts without them");
            assertNull(bundle(context, "org.apache.felix.fileinstall"), "the framework under test has no FileInstall");
            assertNull(transformers(context), "no FileInstall: no transformer offered");

            context.installBundle(TestPaths.plugin("add").toUri().toString()).start();
            Await.until("the add plugin serves", () -> operator(context, "+") != null);
        }
    }

    @Test
    void withFileInstallTheHostOffersItsTransformer() throws Exception {
        try (Container container = Container.start(TestPaths.bundles(), work.resolve("storage"), Map.of())) {
            assertNotNull(transformers(container.context()), "the raw-module transformer for the deploy folder");
        }
    }

    private static Bundle bundle(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElse(null);
    }

    private static ServiceReference<?>[] transformers(BundleContext context) throws Exception {
        return context.getServiceReferences("org.apache.felix.fileinstall.ArtifactTransformer", null);
    }

    private static ServiceReference<?> operator(BundleContext context, String symbol) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(
                "io.wasmgi.calc.api.CalcOperator", "(calc.operator.symbol=" + symbol + ")");
        return refs == null ? null : refs[0];
    }
}
