package io.wasmgi.wasm.host.internal.config;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Writes one key of the host's configuration through Config Admin. The only class that names Config Admin's API:
 * the host imports it optionally and loads this class only when the framework wired that import.
 */
public final class ConfigAdminStore {

    /** What came of a change. */
    public enum Outcome {
        STORED,
        WAS_NOT_SET,
        NO_CONFIG_ADMIN
    }

    private ConfigAdminStore() {}

    /**
     * Sets {@code key} to {@code value}, already checked, or removes it when {@code value} is null. The host's
     * component receives the change from Config Admin, asynchronously.
     */
    public static Outcome store(BundleContext context, String key, String value) throws IOException {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = ref == null ? null : context.getService(ref);
        if (admin == null) {
            return Outcome.NO_CONFIG_ADMIN;
        }
        try {
            Configuration config = admin.getConfiguration(HostConfiguration.PID, "?");
            Dictionary<String, Object> properties =
                    config.getProperties() != null ? config.getProperties() : new Hashtable<>();
            if (value == null) {
                if (properties.remove(key) == null) {
                    return Outcome.WAS_NOT_SET;
                }
            } else {
                properties.put(key, value);
            }
            config.update(properties);
            return Outcome.STORED;
        } finally {
            context.ungetService(ref);
        }
    }
}
