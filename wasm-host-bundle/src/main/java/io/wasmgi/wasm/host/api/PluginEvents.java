package io.wasmgi.wasm.host.api;

/**
 * The Event Admin topics the host posts to (asynchronously), and their properties. Every event carries
 * {@link #BUNDLE_ID}, {@link #SYMBOLIC_NAME} and, when known, {@link #NAME} and {@link #SYMBOL}; a refusal and a
 * fault carry {@link #REASON}. The host works without Event Admin: then nothing is posted.
 */
public final class PluginEvents {

    /** Every topic of the host starts so: subscribe to {@code io/wasmgi/plugin/*}. */
    public static final String TOPIC_PREFIX = "io/wasmgi/plugin/";

    /** A plugin started serving: installed, updated, or no longer refused. */
    public static final String SERVING = TOPIC_PREFIX + "SERVING";
    /** A plugin was refused; {@link #REASON} says why. */
    public static final String REFUSED = TOPIC_PREFIX + "REFUSED";
    /** A serving plugin was loaded again under a new configuration and serves on under it. */
    public static final String UPDATED = TOPIC_PREFIX + "UPDATED";
    /** A plugin bundle stopped (stopped, updated or uninstalled): its operator is gone. */
    public static final String REMOVED = TOPIC_PREFIX + "REMOVED";
    /**
     * A call faulted; {@link #REASON} is the message and {@link #FAULT_REASON} the kind. At most a few per second
     * per plugin are posted; {@link #DROPPED} counts those left out before this one.
     */
    public static final String FAULT = TOPIC_PREFIX + "FAULT";

    /** Long: the plugin bundle's id (the Event Admin's own {@code bundle.id}). */
    public static final String BUNDLE_ID = "bundle.id";
    /** String: the plugin bundle's symbolic name. */
    public static final String SYMBOLIC_NAME = "bundle.symbolicName";
    /** String: the operator's name. */
    public static final String NAME = "plugin.name";
    /** String: the operator's symbol. */
    public static final String SYMBOL = "plugin.symbol";
    /** String: why a plugin was refused or a call failed, in one line. */
    public static final String REASON = "reason";
    /** String: a fault's {@code CalcException.Reason}: FAULT, TIMEOUT, GONE, INTERRUPTED. */
    public static final String FAULT_REASON = "fault.reason";
    /** Long: faults of this plugin not posted (over the rate) since the last one posted. */
    public static final String DROPPED = "fault.dropped";
    /** Long: for SERVING, UPDATED and REFUSED, how long the load took, in nanoseconds. */
    public static final String LOAD_NANOS = "load.nanos";

    private PluginEvents() {}
}
