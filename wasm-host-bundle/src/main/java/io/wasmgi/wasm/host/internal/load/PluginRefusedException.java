package io.wasmgi.wasm.host.internal.load;

/**
 * A plugin module that cannot be served; the message says why, in one line a user can act on, and the detail,
 * when there is one, is what a developer needs (a parser's own words), for the log.
 */
public final class PluginRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String detail;

    public PluginRefusedException(String message) {
        this(message, null, null);
    }

    public PluginRefusedException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public PluginRefusedException(String message, String detail, Throwable cause) {
        super(message, cause);
        this.detail = detail;
    }

    /** More than the message says, for the log; null if there is nothing more. */
    public String detail() {
        return detail;
    }
}
