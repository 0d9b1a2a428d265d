package io.wasmgi.wasm.host.api;

import java.util.List;
import java.util.Map;

import io.wasmgi.calc.api.CalcException;

/**
 * One plugin bundle as the host sees it now. Text from the plugin (its name, symbol, the bundle's symbolic name,
 * a refusal's reason) is inert: control characters are shown escaped.
 *
 * @param bundleId         the plugin bundle's id
 * @param symbolicName     the plugin bundle's symbolic name
 * @param name             the operator's name, or null if it is refused
 * @param symbol           the operator's symbol, or null if it is refused
 * @param state            serving or refused
 * @param refusal          why it is refused, or null
 * @param sha256           the module's SHA-256 in hex, or null if it was never read
 * @param engine           what runs its calls now ({@code compiled}, {@code interpreter}, ...), or null
 * @param limits           its effective limits and where each came from (empty if refused)
 * @param calls            calls made since it started serving
 * @param faults           calls that failed, by reason (every reason present, zero or not)
 * @param times            how long calls took
 * @param memoryBytes      linear memory held by its idle instances
 * @param memoryLimitBytes the most linear memory one instance may hold
 * @param loadNanos        how long its last load (read, parse, check, first instance) took
 */
public record PluginView(
        long bundleId,
        String symbolicName,
        String name,
        String symbol,
        PluginState state,
        String refusal,
        String sha256,
        String engine,
        List<Limit> limits,
        long calls,
        Map<CalcException.Reason, Long> faults,
        CallTimes times,
        long memoryBytes,
        long memoryLimitBytes,
        long loadNanos) {

    public PluginView {
        limits = List.copyOf(limits);
        faults = Map.copyOf(faults);
    }
}
