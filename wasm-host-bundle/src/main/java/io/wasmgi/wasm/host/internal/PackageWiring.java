package io.wasmgi.wasm.host.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Which of the host's optional imports the framework wired. Config Admin, the Log service and FileInstall are
 * optional: a runtime without them still runs plugins, and the classes that name their APIs load only when the
 * package is there.
 */
final class PackageWiring {

    static final String CONFIG_ADMIN = "org.osgi.service.cm";
    static final String LOG = "org.osgi.service.log";
    static final String FILE_INSTALL = "org.apache.felix.fileinstall";
    static final String EVENT_ADMIN = "org.osgi.service.event";

    private PackageWiring() {}

    static boolean imports(Bundle bundle, String packageName) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null) {
            return false;
        }
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (packageName.equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                return true;
            }
        }
        return false;
    }
}
