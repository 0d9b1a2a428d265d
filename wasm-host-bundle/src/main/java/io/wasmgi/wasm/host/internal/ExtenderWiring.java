package io.wasmgi.wasm.host.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import io.wasmgi.wasm.host.internal.config.ManifestHeaders;

/**
 * Which plugin bundles are this host's to serve. A bundle that requires the {@code io.wasmgi.wasm} extender (as
 * the bundles this build makes, and the raw modules the host wraps, do) is served only by the host it is wired
 * to: with two hosts in one framework, each serves its own. A bundle that requires no extender (a plugin packaged
 * before the requirement) is served by any host, as before.
 */
final class ExtenderWiring {

    private static final String NAMESPACE = "osgi.extender";

    private ExtenderWiring() {}

    static boolean isServedBy(Bundle plugin, Bundle host) {
        BundleWiring wiring = plugin.adapt(BundleWiring.class);
        if (wiring == null) {
            return false; // not resolved: nothing to serve
        }
        boolean requiresUs = false;
        for (BundleRequirement requirement : wiring.getRevision().getDeclaredRequirements(NAMESPACE)) {
            String filter = requirement.getDirectives().getOrDefault("filter", "");
            requiresUs |= filter.contains("(" + NAMESPACE + "=" + ManifestHeaders.EXTENDER + ")");
        }
        if (!requiresUs) {
            return true;
        }
        for (BundleWire wire : wiring.getRequiredWires(NAMESPACE)) {
            if (ManifestHeaders.EXTENDER.equals(
                            wire.getCapability().getAttributes().get(NAMESPACE))
                    && wire.getProvider().getBundle().equals(host)) {
                return true;
            }
        }
        return false;
    }
}
