package io.wasmgi.wasm.host.internal.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * The host's live configuration (PID {@value #PID}, e.g. {@code deploy/io.wasmgi.wasm.host.cfg}): the sandbox
 * defaults, and each plugin's own limits by its bundle's symbolic name, which win over what the plugin's
 * manifest asks for. Every value is checked when the configuration arrives: a bad one is dropped with a warning
 * naming its key, so that it can never take a serving plugin offline; a value above the container's maximum is
 * capped, and said so.
 *
 * <pre>
 * memory.max = 16MiB
 * timeout = 1s
 * pool.size = 4
 * engine = compiled
 * memory.budget = 2GiB
 * plugin.io.wasmgi.plugin.add.timeout = 250ms
 * plugin.com.example.reader.directory = /srv/reader   (grants what its Wasm-Plugin-Directory asks for)
 * </pre>
 */
public record HostConfiguration(Map<String, String> values) {

    public static final String PID = "io.wasmgi.wasm.host";

    private static final String PLUGIN_PREFIX = "plugin.";
    private static final String DIRECTORY = "directory";
    private static final int MAX_DIRECTORY_CHARS = 4096;
    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");

    /** The keys, for messages that list them. */
    static final String KEYS = "memory.max, timeout, pool.size, engine, memory.budget, and plugin.<bundle symbolic"
            + " name>.<memory.max|timeout|pool.size|engine|directory>";

    /**
     * wasmgi's own keys of a configuration, each checked; keys that Config Admin, DS and FileInstall add to every
     * configuration are skipped.
     *
     * @param problems told of every key dropped (unknown, or with a bad value) and every value capped
     */
    public static HostConfiguration of(Map<String, ?> properties, Consumer<String> problems) {
        Map<String, String> values = new TreeMap<>();
        if (properties != null) {
            properties.forEach((key, value) -> {
                if (value == null || isSomeoneElses(key)) {
                    return;
                }
                try {
                    values.put(key, check(key, String.valueOf(value), problems));
                } catch (IllegalArgumentException e) {
                    problems.accept("configuration " + e.getMessage() + "; the key is ignored");
                }
            });
        }
        return new HostConfiguration(values);
    }

    /**
     * Checks one key and value, as {@code calc:config} does before it stores them.
     *
     * @param notes told if the value is capped to the container's maximum
     * @return the value as it applies (capped, trimmed)
     * @throws IllegalArgumentException naming the key and the reason
     */
    public static String check(String key, String value, Consumer<String> notes) {
        String shown = InertText.of(key, 80);
        if (value.length() > MAX_DIRECTORY_CHARS) {
            throw new IllegalArgumentException(
                    shown + ": the value is longer than " + MAX_DIRECTORY_CHARS + " characters");
        }
        Setting setting = Setting.byKey(key);
        if (setting != null) {
            return checked(setting, key, value, notes);
        }
        if (key.startsWith(PLUGIN_PREFIX)) {
            String rest = key.substring(PLUGIN_PREFIX.length());
            if (rest.endsWith("." + DIRECTORY) && isSymbolicName(rest, DIRECTORY)) {
                return checkedDirectory(shown, value);
            }
            for (Setting perPlugin : Setting.values()) {
                if (perPlugin.perPlugin()
                        && rest.endsWith("." + perPlugin.key)
                        && isSymbolicName(rest, perPlugin.key)) {
                    return checked(perPlugin, key, value, notes);
                }
            }
        }
        throw new IllegalArgumentException("unknown key '" + shown + "'; the keys are " + KEYS);
    }

    /** A container-wide value, or null. */
    public String value(Setting setting) {
        return values.get(setting.key);
    }

    /** One plugin's own value, by its bundle's symbolic name, or null. */
    public String pluginValue(String symbolicName, Setting setting) {
        return values.get(PLUGIN_PREFIX + symbolicName + "." + setting.key);
    }

    /** The host directory granted to a plugin, if the configuration grants one. */
    public String directoryFor(String symbolicName) {
        return values.get(PLUGIN_PREFIX + symbolicName + "." + DIRECTORY);
    }

    /** The configured budget of memory for all plugins together, or {@code otherwise}. */
    public long budgetBytes(long otherwise) {
        String budget = value(Setting.MEMORY_BUDGET);
        return budget == null ? otherwise : Setting.MEMORY_BUDGET.parse(budget);
    }

    private static String checked(Setting setting, String key, String value, Consumer<String> notes) {
        Setting.Read read = setting.read(value, key, notes);
        return read.capped() ? setting.format(read.value()) : value.trim();
    }

    private static String checkedDirectory(String key, String value) {
        String path = value.trim();
        if (path.isEmpty() || !path.codePoints().allMatch(InertText::showsAsItself)) {
            throw new IllegalArgumentException(key + ": '" + InertText.of(path, 80) + "' is not a directory's path");
        }
        return path;
    }

    private static boolean isSymbolicName(String rest, String suffix) {
        return SYMBOLIC_NAME
                .matcher(rest.substring(0, rest.length() - suffix.length() - 1))
                .matches();
    }

    /**
     * Config Admin, DS and FileInstall put keys of their own in every configuration; Karaf's features service
     * marks one it made from a feature's {@code <config>} (org.apache.karaf.features.configKey).
     */
    static boolean isSomeoneElses(String key) {
        return key.startsWith("service.")
                || key.startsWith("org.apache.karaf.")
                || key.startsWith("component.")
                || key.startsWith("felix.")
                || key.startsWith("osgi.")
                || key.startsWith(".");
    }
}
