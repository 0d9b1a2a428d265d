package io.wasmgi.cluster.api;

import java.util.List;

/**
 * One cluster plugin and where it stands on each member.
 *
 * @param name       the plugin's name (its file name without {@code .wasm})
 * @param sha256     its module's SHA-256 in hex
 * @param placements its state on each member, in the order of {@link ClusterView#members()}
 */
public record ClusterPlugin(String name, String sha256, List<Placement> placements) {

    public ClusterPlugin {
        placements = List.copyOf(placements);
    }

    /** How many members serve it. */
    public long serving() {
        return placements.stream()
                .filter(p -> p.state() == Placement.State.SERVING)
                .count();
    }
}
