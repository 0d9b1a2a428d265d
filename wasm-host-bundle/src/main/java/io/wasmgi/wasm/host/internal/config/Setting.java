package io.wasmgi.wasm.host.internal.config;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wasmgi.wasm.host.internal.text.ByteSize;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * The limits a plugin runs under, each with the configuration key that sets it for every plugin (or, as
 * {@code plugin.<bundle symbolic name>.<key>}, for one), the manifest header a plugin asks for it with, and the
 * most the container allows. Values are parsed here and nowhere else: digits only, no sign, overflow-checked.
 */
public enum Setting {
    MEMORY_MAX(
            "memory.max",
            "Wasm-Plugin-Memory-Max",
            "a size such as 32MiB",
            SandboxLimits.PAGE_BYTES,
            256L * 1024 * 1024),
    TIMEOUT("timeout", "Wasm-Plugin-Timeout", "a duration such as 250ms or 2s", 1, 30_000),
    POOL_SIZE("pool.size", "Wasm-Plugin-Pool-Size", "a whole number of instances such as 4", 1, 16),
    /** Parsed to the {@link Engine}'s ordinal. */
    ENGINE("engine", "Wasm-Plugin-Engine", "compiled or interpreter", 0, 1),
    /** Container-wide only: the most memory all plugins together may reserve (the host's memory budget). */
    MEMORY_BUDGET("memory.budget", null, "a size such as 2GiB", SandboxLimits.PAGE_BYTES, Long.MAX_VALUE);

    /** Whether a plugin may ask for it in its manifest and have it set for itself alone. */
    public boolean perPlugin() {
        return header != null;
    }

    /** The setting with this configuration key, or null. */
    static Setting byKey(String key) {
        for (Setting setting : values()) {
            if (setting.key.equals(key)) {
                return setting;
            }
        }
        return null;
    }

    /** A value read, capped to the container's maximum, and whether it was. */
    public record Read(long value, boolean capped) {}

    /** The most the container allows: for the budget, the JVM's whole heap. */
    public long maximum() {
        return this == MEMORY_BUDGET ? Runtime.getRuntime().maxMemory() : maximum;
    }

    /**
     * {@code value} parsed and capped to {@link #maximum()}, with a note naming {@code name} (a configuration key
     * or a manifest header) when it is capped: the one place a value from outside becomes a limit.
     *
     * @throws IllegalArgumentException naming {@code name}, if the value cannot be read
     */
    public Read read(String value, String name, Consumer<String> notes) {
        long parsed;
        try {
            parsed = parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(InertText.of(name, 80) + ": " + e.getMessage());
        }
        long max = maximum();
        if (parsed <= max) {
            return new Read(parsed, false);
        }
        notes.accept(name + " " + InertText.of(value.trim(), MAX_VALUE_LENGTH) + " is above the container's"
                + " maximum: " + format(max) + " applies");
        return new Read(max, true);
    }

    /** Long enough for any sensible value; longer is refused before it is parsed. */
    static final int MAX_VALUE_LENGTH = 32;

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(\\d{1,18})\\s*([a-z]*)");

    public final String key;
    public final String header;
    private final String expected;
    /** In the setting's unit: bytes, milliseconds, instances. */
    final long minimum;

    private final long maximum;

    Setting(String key, String header, String expected, long minimum, long maximum) {
        this.key = key;
        this.header = header;
        this.expected = expected;
        this.minimum = minimum;
        this.maximum = maximum;
    }

    /**
     * The value in this setting's unit (bytes, milliseconds, instances), not yet capped to {@link #maximum}.
     *
     * @throws IllegalArgumentException saying why, without naming the key or header (the caller does)
     */
    long parse(String value) {
        if (this == ENGINE) {
            return Engine.parse(value).code();
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = NUMBER_AND_UNIT.matcher(text);
        if (text.length() > MAX_VALUE_LENGTH || !m.matches()) {
            throw new IllegalArgumentException("'" + InertText.of(value, MAX_VALUE_LENGTH) + "' is not " + expected);
        }
        long number = Long.parseLong(m.group(1)); // at most 18 digits: never overflows
        long multiplier = multiplier(m.group(2));
        if (multiplier == 0) {
            throw new IllegalArgumentException("'" + InertText.of(value, MAX_VALUE_LENGTH) + "' is not " + expected);
        }
        long parsed;
        try {
            parsed = Math.multiplyExact(number, multiplier);
        } catch (ArithmeticException tooLarge) {
            parsed = Long.MAX_VALUE; // beyond any maximum: capped like any other large request
        }
        if (parsed < minimum) {
            throw new IllegalArgumentException(
                    "'" + value.trim() + "' is less than the least allowed, " + format(minimum));
        }
        return parsed;
    }

    /** The value, in the unit a user writes. */
    String format(long value) {
        switch (this) {
            case MEMORY_MAX:
                return ByteSize.format(value);
            case MEMORY_BUDGET:
                return ByteSize.format(value);
            case TIMEOUT:
                return value % 1000 == 0 ? value / 1000 + "s" : value + "ms";
            case ENGINE:
                return Engine.ofCode(value).word();
            default:
                return Long.toString(value);
        }
    }

    /** What one unit word is worth in this setting's unit; 0 if the word is not one of its units. */
    private long multiplier(String unit) {
        switch (this) {
            case MEMORY_MAX:
            case MEMORY_BUDGET:
                switch (unit) {
                    case "":
                    case "b":
                        return 1;
                    case "kib":
                        return 1L << 10;
                    case "mib":
                        return 1L << 20;
                    case "gib":
                        return 1L << 30;
                    case "tib":
                        return 1L << 40;
                    default:
                        return 0;
                }
            case TIMEOUT:
                switch (unit) {
                    case "ms":
                        return 1;
                    case "s":
                        return 1000;
                    case "min":
                        return 60_000;
                    default:
                        return 0;
                }
            default:
                return unit.isEmpty() ? 1 : 0;
        }
    }
}
