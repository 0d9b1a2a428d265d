package io.wasmgi.cluster.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.wasmgi.wasm.host.api.PluginHost;
import io.wasmgi.wasm.host.api.PluginHostException;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * The host configuration set cluster-wide: a map of the cluster, key to value, which every member applies to its
 * own host through {@link PluginHost#configure}, the very checks of {@code calc:config}. A value is applied when
 * it changes in the cluster (and once when this member joins); a local {@code calc:config} of the same key wins
 * until the cluster's value changes again.
 */
final class ClusterConfig {

    /** The most keys the cluster holds; more are refused, and ignored when read. */
    static final int MAX_KEYS = 256;

    static final int MAX_KEY_CHARS = 200;
    static final int MAX_VALUE_CHARS = 1024;

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_KEY_CHARS + "}");

    /** What this member applied of the cluster's values, by key: applied again only when the cluster's differs. */
    private final Map<String, String> applied = new ConcurrentHashMap<>();

    /** Why a key or value read from the cluster (or typed) cannot be a host configuration entry; null if it can. */
    static String problem(Object key, Object value) {
        if (!(key instanceof String k) || !KEY.matcher(k).matches()) {
            return "a key must be 1 to " + MAX_KEY_CHARS + " of A-Z a-z 0-9 . _ -";
        }
        if (!(value instanceof String v) || v.isEmpty() || v.length() > MAX_VALUE_CHARS) {
            return "the value of " + k + " must be text of 1 to " + MAX_VALUE_CHARS + " characters";
        }
        if (!v.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            return "the value of " + k + " must be printable ASCII";
        }
        return null;
    }

    /** The cluster's values that pass {@link #problem}, by key; what does not is said through {@code problems}. */
    static Map<String, String> read(Map<?, ?> cluster, Consumer<String> problems) {
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<?, ?> e : cluster.entrySet()) {
            String problem = problem(e.getKey(), e.getValue());
            if (problem != null) {
                problems.accept("the cluster's configuration holds a bad entry: " + problem);
            } else if (values.size() == MAX_KEYS) {
                problems.accept("the cluster's configuration holds more than " + MAX_KEYS + " keys: the rest ignored");
                break;
            } else {
                values.put((String) e.getKey(), (String) e.getValue());
            }
        }
        return values;
    }

    /**
     * Sets a key on this member's host, as {@code calc:config} does, before it goes to the cluster: a value the
     * host refuses is never stored.
     *
     * @return what the host said of it (a value capped)
     * @throws PluginHostException the host's one-line refusal
     */
    java.util.List<String> setLocally(PluginHost host, String key, String value) {
        java.util.List<String> notes = host.configure(key, value).notes();
        if (value == null) {
            applied.remove(key);
        } else {
            applied.put(key, value);
        }
        return notes;
    }

    /**
     * Applies every cluster value this member has not applied yet, and removes from the host the keys the cluster
     * no longer sets (among those it applied).
     *
     * @param say where a refusal or a bad entry is said, one line each
     */
    void apply(PluginHost host, Map<String, String> cluster, Consumer<String> say) {
        for (Map.Entry<String, String> e : cluster.entrySet()) {
            if (e.getValue().equals(applied.get(e.getKey()))) {
                continue;
            }
            applied.put(e.getKey(), e.getValue()); // said once, not again every reconciliation
            try {
                if (!e.getValue().equals(host.configuration().get(e.getKey()))) {
                    host.configure(e.getKey(), e.getValue()).notes().forEach(say);
                }
            } catch (PluginHostException refused) {
                say.accept("this member's host refuses the cluster's " + e.getKey() + " = "
                        + InertText.of(e.getValue(), 80) + ": "
                        + InertText.of(String.valueOf(refused.getMessage()), 240));
            }
        }
        for (String key : java.util.List.copyOf(applied.keySet())) {
            if (!cluster.containsKey(key)) {
                applied.remove(key);
                try {
                    host.configure(key, null);
                } catch (PluginHostException refused) {
                    say.accept("cannot remove " + key + ", no longer set cluster-wide: "
                            + InertText.of(String.valueOf(refused.getMessage()), 240));
                }
            }
        }
    }
}
