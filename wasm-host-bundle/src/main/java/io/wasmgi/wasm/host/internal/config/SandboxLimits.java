package io.wasmgi.wasm.host.internal.config;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

import io.wasmgi.wasm.host.internal.text.ByteSize;

/**
 * What one plugin may use, and where each value came from ({@code default}, {@code configuration},
 * {@code manifest}, {@code plugin configuration}), so that {@code calc:plugins} can say why a plugin has the
 * limits it has.
 *
 * @param maxMemoryPages  the largest linear memory, in 64 KiB pages, of one instance
 * @param callTimeout     how long one call (or one instantiation) may run before it is interrupted
 * @param maxModuleBytes  the largest module accepted, checked before parsing
 * @param maxStringBytes  the longest name or symbol read from the plugin's memory
 * @param poolSize        how many instances may serve concurrent calls
 * @param engine          what runs the plugin's code
 * @param origins         where each per-plugin setting's value came from
 */
public record SandboxLimits(
        int maxMemoryPages,
        Duration callTimeout,
        int maxModuleBytes,
        int maxStringBytes,
        int poolSize,
        Engine engine,
        Map<Setting, String> origins) {

    public static final int PAGE_BYTES = 64 * 1024;
    public static final int MAX_MODULE_BYTES = 16 * 1024 * 1024;
    static final int MAX_STRING_BYTES = 256;

    public SandboxLimits {
        origins = Collections.unmodifiableMap(new EnumMap<>(origins));
    }

    /** 16 MiB of memory (room for a Rust plugin's 1 MiB stack), a 1 s deadline, 16 MiB modules. */
    public static SandboxLimits defaults(Engine engine) {
        Map<Setting, String> origins = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            if (setting.perPlugin()) {
                origins.put(setting, "default");
            }
        }
        return new SandboxLimits(
                256,
                Duration.ofSeconds(1),
                MAX_MODULE_BYTES,
                MAX_STRING_BYTES,
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                engine,
                origins);
    }

    /**
     * These limits with one setting changed to {@code value}, capped to the container's maximum (said to
     * {@code notes}).
     *
     * @param name   how the value is named in messages: a configuration key or a manifest header
     * @param origin where it came from, shown by {@code calc:plugins}
     * @throws IllegalArgumentException naming {@code name}, if the value cannot be read
     */
    public SandboxLimits with(Setting setting, String value, String name, String origin, Consumer<String> notes) {
        Setting.Read read = setting.read(value, name, notes);
        long parsed = read.value();
        if (read.capped()) {
            origin = origin + ", capped";
        }
        Map<Setting, String> from = new EnumMap<>(origins);
        from.put(setting, origin);
        switch (setting) {
            case MEMORY_MAX:
                int pages = (int) ((parsed + PAGE_BYTES - 1) / PAGE_BYTES);
                return new SandboxLimits(pages, callTimeout, maxModuleBytes, maxStringBytes, poolSize, engine, from);
            case TIMEOUT:
                return new SandboxLimits(
                        maxMemoryPages,
                        Duration.ofMillis(parsed),
                        maxModuleBytes,
                        maxStringBytes,
                        poolSize,
                        engine,
                        from);
            case POOL_SIZE:
                return new SandboxLimits(
                        maxMemoryPages, callTimeout, maxModuleBytes, maxStringBytes, (int) parsed, engine, from);
            case ENGINE:
                return new SandboxLimits(
                        maxMemoryPages,
                        callTimeout,
                        maxModuleBytes,
                        maxStringBytes,
                        poolSize,
                        Engine.ofCode(parsed),
                        from);
            default:
                throw new IllegalArgumentException(name + " is not a plugin's limit");
        }
    }

    /** The most memory the plugin's instances may hold together: what it reserves of the container's budget. */
    public long reservedBytes() {
        return (long) maxMemoryPages * PAGE_BYTES * poolSize;
    }

    /** A per-plugin limit's value, written as the configuration takes it: {@code 16 MiB}, {@code 1s}, {@code 4}. */
    public String value(Setting setting) {
        switch (setting) {
            case MEMORY_MAX:
                return ByteSize.format((long) maxMemoryPages * PAGE_BYTES);
            case TIMEOUT:
                return Setting.TIMEOUT.format(callTimeout.toMillis());
            case POOL_SIZE:
                return Integer.toString(poolSize);
            case ENGINE:
                return engine.word();
            default:
                throw new IllegalArgumentException(setting.key + " is not a plugin's limit");
        }
    }

    /** One line for {@code calc:plugins}: each limit and where it came from. */
    public String describe() {
        return "memory " + ByteSize.format((long) maxMemoryPages * PAGE_BYTES) + " (" + origins.get(Setting.MEMORY_MAX)
                + ") x " + poolSize + " instances (" + origins.get(Setting.POOL_SIZE) + ") = "
                + ByteSize.format(reservedBytes()) + "; timeout " + Setting.TIMEOUT.format(callTimeout.toMillis())
                + " (" + origins.get(Setting.TIMEOUT) + "); engine " + engine.word() + " ("
                + origins.get(Setting.ENGINE) + ")";
    }
}
