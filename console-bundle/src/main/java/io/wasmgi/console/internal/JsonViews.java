package io.wasmgi.console.internal;

import java.util.Map;

import org.osgi.service.event.Event;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.wasm.host.api.CallTimes;
import io.wasmgi.wasm.host.api.ConfigChange;
import io.wasmgi.wasm.host.api.Limit;
import io.wasmgi.wasm.host.api.PluginEvents;
import io.wasmgi.wasm.host.api.PluginView;

/** The API's JSON: built field by field (no reflection), Gson escapes every string. */
final class JsonViews {

    private JsonViews() {}

    static JsonObject plugin(PluginView view) {
        JsonObject json = new JsonObject();
        json.addProperty("bundleId", view.bundleId());
        json.addProperty("symbolicName", view.symbolicName());
        json.addProperty("name", view.name());
        json.addProperty("symbol", view.symbol());
        json.addProperty("state", view.state().name());
        json.addProperty("refusal", view.refusal());
        json.addProperty("sha256", view.sha256());
        json.addProperty("engine", view.engine());
        JsonArray limits = new JsonArray();
        for (Limit limit : view.limits()) {
            JsonObject one = new JsonObject();
            one.addProperty("key", limit.key());
            one.addProperty("value", limit.value());
            one.addProperty("origin", limit.origin());
            limits.add(one);
        }
        json.add("limits", limits);
        json.addProperty("calls", view.calls());
        JsonObject faults = new JsonObject();
        for (CalcException.Reason reason : CalcException.Reason.values()) {
            faults.addProperty(reason.name(), view.faults().getOrDefault(reason, 0L));
        }
        json.add("faults", faults);
        CallTimes times = view.times();
        JsonObject latency = new JsonObject();
        latency.addProperty("sampledCalls", times.sampled());
        latency.addProperty("p50Micros", times.p50Nanos() / 1000.0);
        latency.addProperty("p99Micros", times.p99Nanos() / 1000.0);
        latency.addProperty("meanMicros", times.sampled() == 0 ? 0 : times.sumNanos() / 1000.0 / times.sampled());
        json.add("latency", latency);
        json.addProperty("memoryBytes", view.memoryBytes());
        json.addProperty("memoryLimitBytes", view.memoryLimitBytes());
        json.addProperty("loadMillis", view.loadNanos() / 1_000_000.0);
        return json;
    }

    static JsonArray plugins(Iterable<PluginView> views) {
        JsonArray array = new JsonArray();
        views.forEach(view -> array.add(plugin(view)));
        return array;
    }

    /** One event of the host's, as the stream sends it. */
    static JsonObject event(Event event) {
        JsonObject json = new JsonObject();
        String topic = event.getTopic();
        json.addProperty("type", topic.substring(topic.lastIndexOf('/') + 1));
        Object id = event.getProperty(PluginEvents.BUNDLE_ID);
        json.addProperty("bundleId", id instanceof Number ? ((Number) id).longValue() : -1);
        add(json, "symbolicName", event.getProperty(PluginEvents.SYMBOLIC_NAME));
        add(json, "name", event.getProperty(PluginEvents.NAME));
        add(json, "symbol", event.getProperty(PluginEvents.SYMBOL));
        add(json, "reason", event.getProperty(PluginEvents.REASON));
        add(json, "faultReason", event.getProperty(PluginEvents.FAULT_REASON));
        Object dropped = event.getProperty(PluginEvents.DROPPED);
        if (dropped instanceof Number) {
            json.addProperty("dropped", ((Number) dropped).longValue());
        }
        json.addProperty("time", System.currentTimeMillis());
        return json;
    }

    static JsonObject config(Map<String, String> values) {
        JsonObject json = new JsonObject();
        values.forEach(json::addProperty);
        return json;
    }

    static JsonObject change(ConfigChange change) {
        JsonObject json = new JsonObject();
        json.addProperty("key", change.key());
        json.addProperty("value", change.value());
        JsonArray notes = new JsonArray();
        change.notes().forEach(notes::add);
        json.add("notes", notes);
        return json;
    }

    static JsonObject error(String message) {
        JsonObject json = new JsonObject();
        json.addProperty("error", message);
        return json;
    }

    private static void add(JsonObject json, String key, Object value) {
        if (value instanceof String) {
            json.addProperty(key, (String) value);
        }
    }
}
