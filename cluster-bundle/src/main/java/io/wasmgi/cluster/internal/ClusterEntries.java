package io.wasmgi.cluster.internal;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.hazelcast.core.HazelcastInstance;

/**
 * Checks on what another member put into the cluster's maps: any member with the secret can write anything
 * there, so a key, a name or a module is used only once it has the shape this bundle writes.
 */
final class ClusterEntries {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

    private ClusterEntries() {}

    /** A module's key: its SHA-256 in lower-case hex. */
    static boolean isSha256(Object key) {
        return key instanceof String s && SHA256.matcher(s).matches();
    }

    /**
     * The keys of the cluster's modules that are SHA-256s, sorted; each other key is said to {@code ignored} and
     * left out.
     */
    static Set<String> moduleKeys(HazelcastInstance engine, Consumer<String> ignored) {
        Set<String> shas = new TreeSet<>();
        for (Object key : engine.getMap(EngineConfig.MODULES).keySet()) {
            if (isSha256(key)) {
                shas.add((String) key);
            } else {
                ignored.accept("a module's key in the cluster is not a SHA-256: ignored");
            }
        }
        return shas;
    }

    /** A plugin's name, as {@link ModuleSource#name} makes it: safe as a file name on every member. */
    static boolean isName(Object name) {
        return name instanceof String s && NAME.matcher(s).matches();
    }

    /** The module stored under {@code sha}, if it is bytes of at most the load limit that hash to it; else null. */
    static byte[] module(Object value, String sha) {
        if (value instanceof byte[] bytes
                && bytes.length <= ModuleSource.MAX_BYTES
                && ClusterMember.sha256(bytes).equals(sha)) {
            return bytes;
        }
        return null;
    }
}
