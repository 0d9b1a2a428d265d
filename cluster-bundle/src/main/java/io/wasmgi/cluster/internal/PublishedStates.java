package io.wasmgi.cluster.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * The map of every member's published state ({@link MemberStates}), one entry per member id, kept to the living
 * members: each member removes the entry of a member it sees leave (or die), and the oldest member sweeps
 * entries of members no longer there (a departure whose witnesses all went too).
 */
final class PublishedStates {

    private PublishedStates() {}

    /**
     * Removes a departed member's entry whenever one goes.
     *
     * @param run where the removal runs (never the engine's event thread in the container: it may block)
     */
    static void forgetDeparted(HazelcastInstance engine, Consumer<Runnable> run) {
        engine.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // a new member publishes its own state
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String id = event.getMember().getUuid().toString();
                run.accept(() -> {
                    try {
                        states(engine).delete(id);
                    } catch (RuntimeException e) {
                        // this member is leaving too; the oldest one's sweep removes it later
                    }
                });
            }
        });
    }

    /** Writes this member's state if it differs from what the cluster holds. */
    static void publish(HazelcastInstance engine, String encoded) {
        String id = engine.getCluster().getLocalMember().getUuid().toString();
        IMap<Object, Object> states = states(engine);
        if (!encoded.equals(states.get(id))) {
            states.set(id, encoded);
        }
    }

    /** This member's entry withdrawn, as it leaves. */
    static void withdraw(HazelcastInstance engine) {
        states(engine).delete(engine.getCluster().getLocalMember().getUuid().toString());
    }

    /** On the oldest member only: removes the entries of members that are not in the cluster. */
    static void sweep(HazelcastInstance engine) {
        Set<Member> members = engine.getCluster().getMembers();
        if (members.isEmpty() || !members.iterator().next().localMember()) {
            return;
        }
        Set<Object> ids = new HashSet<>();
        members.forEach(m -> ids.add(m.getUuid().toString()));
        IMap<Object, Object> states = states(engine);
        for (Object key : states.keySet()) {
            if (!ids.contains(key)) {
                states.delete(key);
            }
        }
    }

    private static IMap<Object, Object> states(HazelcastInstance engine) {
        return engine.getMap(EngineConfig.STATES);
    }
}
