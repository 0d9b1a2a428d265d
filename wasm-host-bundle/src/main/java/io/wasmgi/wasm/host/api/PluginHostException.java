package io.wasmgi.wasm.host.api;

/** What the host refused to do, in one line, and of what kind the problem is. */
public class PluginHostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The kind of a problem, so that a caller can answer it well (an HTTP status, an exit code). */
    public enum Problem {
        /** The request itself is wrong: a bad key or value, a module that is not one, too large. */
        INVALID,
        /** The host refused the plugin: its module, its manifest or its limits. Nothing was changed. */
        REFUSED,
        /** No such plugin bundle. */
        NOT_FOUND,
        /** What the host needs is missing (Configuration Admin), or did not answer in time. */
        UNAVAILABLE
    }

    private final Problem problem;

    public PluginHostException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
