package io.wasmgi.wasm.host.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Writes one key of the host's configuration through Config Admin. The only class that names Config Admin's API:
 * the host imports it optionally and loads this class only when the framework wired that import.
 *
 * <p>Where FileInstall watches a deploy folder, that folder's {@code io.wasmgi.wasm.host.cfg} is the
 * configuration: a change from the shell is written to that file (created if needed) as well as to Config Admin,
 * naming the file as FileInstall does, so that FileInstall takes the file for this configuration; the next start
 * reads it back, and deleting the file returns to the defaults.
 */
public final class ConfigAdminStore {

    /** What came of a change. */
    public enum Outcome {
        STORED,
        WAS_NOT_SET,
        NO_CONFIG_ADMIN
    }

    /** FileInstall's framework property: the folder it watches. */
    static final String DEPLOY_FOLDER = "felix.fileinstall.dir";
    /** FileInstall's configuration property: the file a configuration is saved to. */
    static final String FILE_NAME = "felix.fileinstall.filename";

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
            String deployFolder = context.getProperty(DEPLOY_FOLDER);
            if (deployFolder != null) {
                Path file = Path.of(deployFolder).toAbsolutePath().resolve(HostConfiguration.PID + ".cfg");
                save(properties, file);
                properties.put(FILE_NAME, file.toUri().toString());
            }
            config.update(properties);
            return Outcome.STORED;
        } finally {
            context.ungetService(ref);
        }
    }

    /**
     * The host's keys, one {@code key = value} line each, as FileInstall reads a {@code .cfg}: the values are
     * checked ones (numbers with units, words), nothing that needs escaping.
     */
    private static void save(Dictionary<String, Object> properties, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# " + HostConfiguration.PID + ": written by calc:config, read at start; delete it for the defaults");
        for (String key : Collections.list(properties.keys())) {
            if (!HostConfiguration.isSomeoneElses(key)) {
                lines.add(key + " = " + properties.get(key));
            }
        }
        Collections.sort(lines.subList(1, lines.size()));
        Files.write(file, lines, StandardCharsets.ISO_8859_1);
    }
}
