package io.wasmgi.wasm.host.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The wasm host, as a service: what its plugins are doing, and the few things an operator's tool may change.
 * Every change goes through the same checks as the shell's {@code calc:load} and {@code calc:config}.
 */
@ProviderType
public interface PluginHost {

    /** Every plugin bundle the host serves or refused, by bundle id. */
    List<PluginView> plugins();

    /** One plugin bundle, if the host knows it. */
    Optional<PluginView> plugin(long bundleId);

    /** The largest module or plugin bundle {@link #installModule} and {@link #installBundle} accept, in bytes. */
    int maxUploadBytes();

    /**
     * Installs a raw module as a plugin bundle and starts it, or, if one of the same name was installed this way
     * before, updates it (a refused update puts the previous module back). A new plugin that is refused is
     * uninstalled again.
     *
     * @param name a file name such as {@code add.wasm} ({@code [A-Za-z0-9._-]}, at most 64 characters), or null
     *             to name it after the module's hash
     * @return the plugin, serving
     * @throws PluginHostException INVALID (not a module, too large, a bad name) or REFUSED (with the host's reason)
     */
    PluginView installModule(String name, byte[] module);

    /**
     * Installs a plugin bundle (a jar with a {@code Wasm-Plugin} header, and no Java code) and starts it; refused,
     * it is uninstalled again.
     *
     * @return the plugin, serving
     * @throws PluginHostException INVALID (not such a jar, it holds code, too large) or REFUSED
     */
    PluginView installBundle(byte[] jar);

    /**
     * Uninstalls a plugin bundle.
     *
     * @throws PluginHostException NOT_FOUND if the host knows no plugin of that id
     */
    void remove(long bundleId);

    /** The host's configuration as it applies now (PID {@code io.wasmgi.wasm.host}), by key. */
    Map<String, String> configuration();

    /**
     * Sets (or, with a null value, removes) one configuration key, checked as {@code calc:config} checks it, and
     * waits (a few seconds at most) until the host runs under it.
     *
     * @throws PluginHostException INVALID (an unknown key, a bad value) or UNAVAILABLE
     */
    ConfigChange configure(String key, String value);
}
