package io.wasmgi.console.internal;

import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.wasmgi.cluster.api.ClusterPlugin;
import io.wasmgi.cluster.api.ClusterView;
import io.wasmgi.cluster.api.MemberInfo;
import io.wasmgi.cluster.api.NotAMemberException;
import io.wasmgi.cluster.api.Placement;

/**
 * The cluster's facts as JSON, the same as the shell's {@code cluster:members}, {@code cluster:plugins} and
 * {@code cluster:config}. Used only once {@link ClusterSource} has found the cluster's API wired.
 */
final class ClusterJson {

    private ClusterJson() {}

    static JsonElement of(Object service, String what) {
        ClusterView view = (ClusterView) service;
        try {
            JsonObject json = new JsonObject();
            json.addProperty("cluster", view.name());
            switch (what) {
                case "members" -> json.add("members", members(view));
                case "plugins" -> json.add("plugins", plugins(view));
                default -> json.add("configuration", configuration(view.configuration()));
            }
            return json;
        } catch (NotAMemberException e) {
            throw new ApiServlet.BadRequest(503, e.getMessage());
        }
    }

    private static JsonArray members(ClusterView view) {
        JsonArray members = new JsonArray();
        for (MemberInfo m : view.members()) {
            JsonObject json = new JsonObject();
            json.addProperty("id", m.id());
            json.addProperty("address", m.address());
            json.addProperty("since", m.since());
            json.addProperty("serving", m.serving());
            json.addProperty("clusterPlugins", m.clusterPlugins());
            json.addProperty("local", m.local());
            members.add(json);
        }
        return members;
    }

    private static JsonArray plugins(ClusterView view) {
        JsonArray plugins = new JsonArray();
        for (ClusterPlugin p : view.plugins()) {
            JsonObject json = new JsonObject();
            json.addProperty("name", p.name());
            json.addProperty("sha256", p.sha256());
            json.addProperty("serving", p.serving());
            JsonArray members = new JsonArray();
            for (Placement placement : p.placements()) {
                JsonObject on = new JsonObject();
                on.addProperty("id", placement.memberId());
                on.addProperty("address", placement.address());
                on.addProperty("state", placement.state().name());
                on.addProperty("reason", placement.reason());
                members.add(on);
            }
            json.add("members", members);
            plugins.add(json);
        }
        return plugins;
    }

    private static JsonObject configuration(Map<String, String> values) {
        JsonObject json = new JsonObject();
        values.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> json.addProperty(e.getKey(), e.getValue()));
        return json;
    }
}
