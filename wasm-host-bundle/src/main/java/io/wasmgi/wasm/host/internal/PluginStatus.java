package io.wasmgi.wasm.host.internal;

import io.wasmgi.wasm.host.internal.call.WasmCalcOperator;
import io.wasmgi.wasm.host.internal.config.SandboxLimits;

/**
 * What the host knows of one plugin bundle: serving (with its operator) or refused (with the reason).
 */
public record PluginStatus(
        long bundleId,
        String bundleName,
        String sha256,
        WasmCalcOperator operator,
        SandboxLimits limits,
        String refusal) {

    static PluginStatus active(
            long bundleId, String bundleName, String sha256, WasmCalcOperator operator, SandboxLimits limits) {
        return new PluginStatus(bundleId, bundleName, sha256, operator, limits, null);
    }

    static PluginStatus refused(long bundleId, String bundleName, String sha256, String reason) {
        return new PluginStatus(bundleId, bundleName, sha256, null, null, reason);
    }

    boolean isActive() {
        return operator != null;
    }
}
