package io.wasmgi.cluster.api;

/** This container is not a cluster member now; the message says why, in one line. */
public class NotAMemberException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotAMemberException(String message) {
        super(message);
    }
}
