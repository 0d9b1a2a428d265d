package io.wasmgi.wasm.host.internal.config;

/**
 * The manifest headers a plugin bundle may carry, besides those that ask for a limit (each {@link Setting}'s
 * {@code header}): one place for all of them.
 */
public final class ManifestHeaders {

    /** Makes a bundle a plugin: the path of its module inside the bundle. */
    public static final String MODULE = "Wasm-Plugin";

    /** Optional: the service ranking of the plugin's operator. */
    public static final String RANKING = "Wasm-Plugin-Ranking";

    /** Optional: the directory the plugin asks for, by the path it sees; only the configuration grants it. */
    public static final String DIRECTORY = "Wasm-Plugin-Directory";

    /** The extender capability the host provides (see the bundle's Provide-Capability). */
    public static final String EXTENDER = "io.wasmgi.wasm";

    /** What a plugin bundle of this host requires: an extender {@value #EXTENDER} of major version 1. */
    public static final String EXTENDER_REQUIREMENT =
            "osgi.extender;filter:=\"(&(osgi.extender=" + EXTENDER + ")(version>=1.0.0)(!(version>=2.0.0)))\"";

    private ManifestHeaders() {}
}
