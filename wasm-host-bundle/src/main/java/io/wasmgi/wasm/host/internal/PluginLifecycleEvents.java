package io.wasmgi.wasm.host.internal;

import java.util.HashMap;
import java.util.Map;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.wasm.host.api.PluginEvents;
import io.wasmgi.wasm.host.internal.call.WasmCalcOperator;
import io.wasmgi.wasm.host.internal.log.FaultRate;
import io.wasmgi.wasm.host.internal.log.HostEvents;

/** The events of {@link PluginEvents}, made from what the tracker knows of a plugin, and posted. */
final class PluginLifecycleEvents {

    private final HostEvents events;

    PluginLifecycleEvents(HostEvents events) {
        this.events = events;
    }

    void serving(PluginStatus status, boolean updated) {
        Map<String, Object> properties = of(status.bundleId(), status.bundleName(), status.operator());
        properties.put(PluginEvents.LOAD_NANOS, status.loadNanos());
        events.post(updated ? PluginEvents.UPDATED : PluginEvents.SERVING, properties);
    }

    void refused(PluginStatus status) {
        Map<String, Object> properties = of(status.bundleId(), status.bundleName(), null);
        properties.put(PluginEvents.REASON, status.refusal());
        properties.put(PluginEvents.LOAD_NANOS, status.loadNanos());
        events.post(PluginEvents.REFUSED, properties);
    }

    void removed(long bundleId, String symbolicName, WasmCalcOperator operator) {
        events.post(PluginEvents.REMOVED, of(bundleId, symbolicName, operator));
    }

    /**
     * Posts the faults of one serving plugin, at a bounded rate: told on the faulting thread, after the fault is
     * counted; {@code postEvent} only queues.
     */
    void watchFaults(long bundleId, String symbolicName, WasmCalcOperator operator) {
        FaultRate rate = new FaultRate();
        operator.pool().onFault(fault -> {
            long dropped = rate.admit(System.nanoTime());
            if (dropped >= 0) {
                events.post(PluginEvents.FAULT, fault(bundleId, symbolicName, operator, fault, dropped));
            }
        });
    }

    private static Map<String, Object> fault(
            long bundleId, String symbolicName, WasmCalcOperator operator, CalcException fault, long dropped) {
        Map<String, Object> properties = of(bundleId, symbolicName, operator);
        properties.put(PluginEvents.REASON, String.valueOf(fault.getMessage()));
        properties.put(PluginEvents.FAULT_REASON, fault.reason().name());
        properties.put(PluginEvents.DROPPED, dropped);
        return properties;
    }

    private static Map<String, Object> of(long bundleId, String symbolicName, WasmCalcOperator operator) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(PluginEvents.BUNDLE_ID, bundleId);
        properties.put(PluginEvents.SYMBOLIC_NAME, symbolicName);
        if (operator != null) {
            properties.put(PluginEvents.NAME, operator.name());
            properties.put(PluginEvents.SYMBOL, operator.symbol());
        }
        return properties;
    }
}
