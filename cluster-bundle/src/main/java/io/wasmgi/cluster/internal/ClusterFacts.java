package io.wasmgi.cluster.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;

import io.wasmgi.cluster.api.ClusterPlugin;
import io.wasmgi.cluster.api.MemberInfo;
import io.wasmgi.cluster.api.Placement;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * The cluster as the shell commands and the {@code ClusterView} service tell it, read from the engine's maps at
 * one moment: members, plugins and each plugin's state on each member. Every entry is checked first (another
 * member wrote it); what does not pass is left out and said in {@link #problems}.
 */
final class ClusterFacts {

    private final List<MemberInfo> members = new ArrayList<>();
    private final List<ClusterPlugin> plugins = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private ClusterFacts() {}

    static ClusterFacts read(HazelcastInstance engine) {
        ClusterFacts facts = new ClusterFacts();
        facts.load(engine);
        return facts;
    }

    List<MemberInfo> members() {
        return members;
    }

    List<ClusterPlugin> plugins() {
        return plugins;
    }

    /** One line each: an entry of the cluster's maps that is not one this bundle writes, and whose it is. */
    List<String> problems() {
        return problems;
    }

    private void load(HazelcastInstance engine) {
        Set<String> shas = ClusterEntries.moduleKeys(engine, problems::add);
        Map<String, Object> names =
                engine.<String, Object>getMap(EngineConfig.NAMES).getAll(shas);
        Collection<Member> cluster = engine.getCluster().getMembers();
        Set<Object> ids = new HashSet<>();
        cluster.forEach(m -> ids.add(m.getUuid().toString()));
        Map<Object, Object> published = engine.getMap(EngineConfig.STATES).getAll(ids);
        Map<String, Map<String, MemberStates.Entry>> states = new HashMap<>();
        for (Member m : cluster) {
            String id = m.getUuid().toString();
            Object value = published.get(id);
            Map<String, MemberStates.Entry> its = Map.of();
            if (value != null) {
                try {
                    its = MemberStates.decode(value);
                } catch (IllegalArgumentException e) {
                    problems.add("member " + ClusterMember.address(m) + " published an unreadable state ("
                            + e.getMessage() + "): its plugins show as installing");
                }
            }
            states.put(id, its);
            int serving = 0;
            for (Map.Entry<String, MemberStates.Entry> e : its.entrySet()) {
                if (shas.contains(e.getKey()) && e.getValue().state() == Placement.State.SERVING) {
                    serving++;
                }
            }
            members.add(new MemberInfo(
                    id,
                    ClusterMember.address(m),
                    InertText.of(String.valueOf(m.getAttribute(EngineConfig.SINCE)), 40),
                    serving,
                    shas.size(),
                    m.localMember()));
        }
        Map<String, String> byName = new TreeMap<>();
        for (String sha : shas) {
            Object name = names.get(sha);
            if (name == null) {
                continue; // a name stored without its module, or a module whose name is not stored yet
            }
            if (!ClusterEntries.isName(name)) {
                problems.add("the module sha256:" + sha.substring(0, 12) + " has a bad name in the cluster: ignored");
                continue;
            }
            byName.put(name + " " + sha, sha);
        }
        for (Map.Entry<String, String> e : byName.entrySet()) {
            String sha = e.getValue();
            List<Placement> placements = new ArrayList<>();
            for (MemberInfo m : members) {
                MemberStates.Entry state = states.get(m.id()).get(sha);
                placements.add(
                        state == null
                                ? new Placement(m.id(), m.address(), Placement.State.INSTALLING, null)
                                : new Placement(m.id(), m.address(), state.state(), state.reason()));
            }
            plugins.add(new ClusterPlugin(e.getKey().substring(0, e.getKey().indexOf(' ')), sha, placements));
        }
    }
}
