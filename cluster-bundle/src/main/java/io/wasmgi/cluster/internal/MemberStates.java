package io.wasmgi.cluster.internal;

import java.util.Map;
import java.util.TreeMap;

import io.wasmgi.cluster.api.Placement;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * What one member publishes about the cluster's plugins, as one bounded text value in the cluster: a line per
 * plugin it serves or refused, {@code SHA256 serving} or {@code SHA256 refused REASON}; a plugin it does not
 * mention is still installing there. Read back, the text is hostile (another member wrote it): every line is
 * checked and the reason made inert again.
 */
final class MemberStates {

    /** The most plugins one member's value names; more are left out (and show as installing). */
    static final int MAX_PLUGINS = 4096;
    /** The longest value read: every plugin refused with a reason of escaped characters fits. */
    static final int MAX_CHARS = 1024 * 1024;

    private static final String SERVING = "serving";
    private static final String REFUSED = "refused";

    private MemberStates() {}

    /** A plugin on this member: serving, or refused with the reason. */
    record Entry(Placement.State state, String reason) {}

    static String encode(Map<String, Entry> bySha) {
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (Map.Entry<String, Entry> e : new TreeMap<>(bySha).entrySet()) {
            String line = e.getKey() + " "
                    + (e.getValue().state() == Placement.State.SERVING
                            ? SERVING
                            : REFUSED + " "
                                    + InertText.of(
                                            java.util.Objects.requireNonNullElse(
                                                    e.getValue().reason(), "no reason given"),
                                            Placement.MAX_REASON))
                    + "\n";
            if (++count > MAX_PLUGINS || out.length() + line.length() > MAX_CHARS) {
                break;
            }
            out.append(line);
        }
        return out.toString();
    }

    /**
     * The entries of a published value.
     *
     * @throws IllegalArgumentException with one line saying what is wrong, if the value is not one this bundle
     *     writes
     */
    static Map<String, Entry> decode(Object value) {
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("it is not text but "
                    + (value == null ? "nothing" : value.getClass().getSimpleName()));
        }
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("it is longer than " + MAX_CHARS + " characters");
        }
        Map<String, Entry> entries = new TreeMap<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            if (entries.size() == MAX_PLUGINS) {
                throw new IllegalArgumentException("it names more than " + MAX_PLUGINS + " plugins");
            }
            String[] parts = line.split(" ", 3);
            if (!ClusterEntries.isSha256(parts[0])) {
                throw new IllegalArgumentException("line " + number + " does not start with a SHA-256");
            }
            if (parts.length == 2 && parts[1].equals(SERVING)) {
                entries.put(parts[0], new Entry(Placement.State.SERVING, null));
            } else if (parts.length == 3 && parts[1].equals(REFUSED)) {
                entries.put(parts[0], new Entry(Placement.State.REFUSED, InertText.of(parts[2], Placement.MAX_REASON)));
            } else {
                throw new IllegalArgumentException("line " + number + " is neither 'serving' nor 'refused REASON'");
            }
        }
        return entries;
    }
}
