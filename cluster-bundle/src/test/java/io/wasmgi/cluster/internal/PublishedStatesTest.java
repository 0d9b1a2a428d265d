package io.wasmgi.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * Two real embedded members on loopback: a member that dies (terminated, as by SIGKILL: no goodbye) takes its
 * published state with it, and the oldest member sweeps a state no member owns.
 */
class PublishedStatesTest {

    private static final Logger ENGINE_LOG = Logger.getLogger("com.hazelcast");

    private final List<HazelcastInstance> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(m -> m.getLifecycleService().terminate());
    }

    @Test
    void aDeadMembersStateGoesAndTheOldestSweepsStrays() throws Exception {
        ENGINE_LOG.setLevel(Level.WARNING);
        int[] ports = {freePort(), freePort()};
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        HazelcastInstance a = member(ports[0], members);
        HazelcastInstance b = member(ports[1], members);
        awaitTrue(
                "the two members see each other",
                () -> a.getCluster().getMembers().size() == 2);
        PublishedStates.forgetDeparted(a, Runnable::run);
        PublishedStates.forgetDeparted(b, Runnable::run);
        String sha = "a".repeat(64);
        PublishedStates.publish(a, sha + " serving\n");
        PublishedStates.publish(b, sha + " refused not a module\n");
        String bId = b.getCluster().getLocalMember().getUuid().toString();
        Map<Object, Object> states = a.getMap(EngineConfig.STATES);
        assertEquals(sha + " refused not a module\n", states.get(bId));

        b.getLifecycleService().terminate();
        awaitTrue("b's state removed once b is gone", () -> !states.containsKey(bId));
        assertEquals(1, states.size(), "a's own state stays: " + states);

        states.put("a-member-that-never-was", sha + " serving\n");
        PublishedStates.sweep(a); // a is the oldest (the only) member
        assertFalse(states.containsKey("a-member-that-never-was"));
        assertTrue(states.containsKey(a.getCluster().getLocalMember().getUuid().toString()));
    }

    private HazelcastInstance member(int port, String members) {
        ClusterSettings settings = ClusterSettings.from(Map.of(
                "name",
                "states-test",
                "secret",
                "states-test-secret-0123",
                "port",
                Integer.toString(port),
                "members",
                members)::get);
        Config config = EngineConfig.of(settings, Hazelcast.class.getClassLoader());
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setInstanceName("states-test-" + port); // two members in one JVM: a name each
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        started.add(member);
        return member;
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within a minute: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
