package io.wasmgi.cluster.api;

/**
 * A cluster plugin on one member.
 *
 * @param memberId the member's id
 * @param address  the member's address, {@code host:port}
 * @param state    serving, refused, or still installing
 * @param reason   why the member's host refused it (one line, inert, at most {@link #MAX_REASON} characters and an
 *                 ellipsis), or null
 */
public record Placement(String memberId, String address, State state, String reason) {

    /** The longest reason a member publishes. */
    public static final int MAX_REASON = 240;

    /** Where a cluster plugin stands on a member. */
    public enum State {
        /** Its operator is registered there and takes calls. */
        SERVING,
        /** That member's host refused the module; the reason says why. */
        REFUSED,
        /** Not serving nor refused yet: being written, installed or checked (or the member has not said). */
        INSTALLING
    }
}
