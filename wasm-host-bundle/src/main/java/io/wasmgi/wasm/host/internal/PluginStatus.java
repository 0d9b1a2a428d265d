package io.wasmgi.wasm.host.internal;

import io.wasmgi.wasm.host.internal.call.WasmCalcOperator;
import io.wasmgi.wasm.host.internal.config.SandboxLimits;

/**
 * What the host knows of one plugin bundle: serving (with its operator) or refused (with the reason).
 *
 * @param bundleName the bundle's symbolic name, inert
 * @param loadNanos  how long its last load took
 */
public record PluginStatus(
        long bundleId,
        String bundleName,
        String sha256,
        WasmCalcOperator operator,
        SandboxLimits limits,
        String refusal,
        long loadNanos) {

    static PluginStatus active(
            long bundleId,
            String bundleName,
            String sha256,
            WasmCalcOperator operator,
            SandboxLimits limits,
            long loadNanos) {
        return new PluginStatus(bundleId, bundleName, sha256, operator, limits, null, loadNanos);
    }

    static PluginStatus refused(long bundleId, String bundleName, String sha256, String reason, long loadNanos) {
        return new PluginStatus(bundleId, bundleName, sha256, null, null, reason, loadNanos);
    }

    boolean isActive() {
        return operator != null;
    }
}
