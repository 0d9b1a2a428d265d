package io.wasmgi.wasm.host.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;

import io.wasmgi.wasm.host.api.ConfigChange;
import io.wasmgi.wasm.host.api.PluginHostException;
import io.wasmgi.wasm.host.api.PluginHostException.Problem;
import io.wasmgi.wasm.host.internal.config.ConfigAdminStore;
import io.wasmgi.wasm.host.internal.config.HostConfiguration;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * One configuration key changed, for {@code calc:config} and the {@code PluginHost} service alike: checked
 * ({@link HostConfiguration#check}), stored ({@link ConfigAdminStore}), and awaited until the host runs under it.
 */
final class HostSettings {

    private final BundleContext context;
    private final PluginTracker plugins;
    private final boolean configAdminWired;

    /** @param configAdminWired whether the host is wired to Config Admin's package (an optional import) */
    HostSettings(BundleContext context, PluginTracker plugins, boolean configAdminWired) {
        this.context = context;
        this.plugins = plugins;
        this.configAdminWired = configAdminWired;
    }

    /**
     * Sets {@code key} to {@code value}, or removes it if {@code value} is null.
     *
     * @return the change as it applies; a removal of a key that was not set says so in its notes
     * @throws PluginHostException INVALID for a bad key or value (nothing is changed), UNAVAILABLE without
     *                             Configuration Admin or if the host did not apply it in time (it is stored)
     */
    ConfigChange set(String key, String value) {
        List<String> notes = new ArrayList<>();
        String checked = null;
        if (value != null) {
            try {
                checked = HostConfiguration.check(key, value, notes::add);
            } catch (IllegalArgumentException e) {
                throw new PluginHostException(Problem.INVALID, e.getMessage() + "; nothing was changed");
            }
        }
        ConfigAdminStore.Outcome outcome;
        try {
            outcome = configAdminWired
                    ? ConfigAdminStore.store(context, key, checked)
                    : ConfigAdminStore.Outcome.NO_CONFIG_ADMIN;
        } catch (IOException e) {
            throw new PluginHostException(
                    Problem.UNAVAILABLE,
                    "the configuration cannot be stored: " + InertText.of(String.valueOf(e.getMessage())));
        }
        switch (outcome) {
            case NO_CONFIG_ADMIN:
                throw new PluginHostException(
                        Problem.UNAVAILABLE,
                        "no Configuration Admin service is running: the configuration cannot change");
            case WAS_NOT_SET:
                notes.add(InertText.of(key, 80) + " was not set");
                return new ConfigChange(key, null, notes);
            default:
                awaitApplied(key, checked);
                return new ConfigChange(key, checked, notes);
        }
    }

    /**
     * Config Admin delivers a change to the host asynchronously: wait (a few seconds at most) until the host runs
     * under it, so that the next command, or the next call, sees it, and a second change made at once does not
     * race the first.
     */
    private void awaitApplied(String key, String value) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Objects.equals(plugins.configuration().values().get(key), value)) {
            if (System.nanoTime() > end) {
                throw new PluginHostException(
                        Problem.UNAVAILABLE, InertText.of(key, 80) + " is stored; the host has not applied it yet");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginHostException(Problem.UNAVAILABLE, "interrupted while the host applied " + key);
            }
        }
    }
}
