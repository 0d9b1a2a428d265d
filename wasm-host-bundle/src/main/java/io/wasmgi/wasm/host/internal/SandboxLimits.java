package io.wasmgi.wasm.host.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one plugin may use.
 *
 * @param maxMemoryPages  the largest linear memory, in 64 KiB pages, of one instance
 * @param callTimeout     how long one call (or one instantiation) may run before it is interrupted
 * @param maxModuleBytes  the largest module accepted, checked before parsing
 * @param maxStringBytes  the longest name or symbol read from the plugin's memory
 * @param poolSize        how many instances may serve concurrent calls
 */
record SandboxLimits(int maxMemoryPages, Duration callTimeout, int maxModuleBytes, int maxStringBytes,
                     int poolSize) {

    static final int PAGE_BYTES = 64 * 1024;

    /** Manifest header: the largest linear memory of one instance, e.g. {@code 32MiB}, {@code 512KiB}. */
    static final String MEMORY_HEADER = "Wasm-Plugin-Memory-Max";
    /** Manifest header: the deadline of one call, e.g. {@code 250ms}, {@code 2s}. */
    static final String TIMEOUT_HEADER = "Wasm-Plugin-Timeout";
    /** Manifest header: how many instances may serve concurrent calls. */
    static final String POOL_HEADER = "Wasm-Plugin-Pool-Size";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|kib|mib|gib)");
    private static final Pattern TIME = Pattern.compile("(\\d+)\\s*(ms|s)");

    /** 16 MiB of memory (room for a Rust plugin's 1 MiB stack), a 1 s deadline, 16 MiB modules. */
    static SandboxLimits defaults() {
        return new SandboxLimits(256, Duration.ofSeconds(1), 16 * 1024 * 1024, 256,
                Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /** The most a plugin may ask for: 256 MiB of memory per instance, 30 s per call, 16 instances. */
    static SandboxLimits maxima() {
        return new SandboxLimits(4096, Duration.ofSeconds(30), 16 * 1024 * 1024, 256, 16);
    }

    /**
     * These limits, changed where the plugin bundle's manifest asks, each capped by {@code maxima}.
     *
     * @param headers a bundle's raw manifest headers
     * @param notes   told of every request that was capped
     * @throws PluginRefusedException if a header's value cannot be read
     */
    SandboxLimits askedFor(Function<String, String> headers, SandboxLimits maxima, Consumer<String> notes)
            throws PluginRefusedException {
        int pages = maxMemoryPages;
        Duration timeout = callTimeout;
        int pool = poolSize;
        String memory = headers.apply(MEMORY_HEADER);
        if (memory != null) {
            long asked = (bytes(memory) + PAGE_BYTES - 1) / PAGE_BYTES;
            pages = capped(MEMORY_HEADER, (int) Math.min(Integer.MAX_VALUE, asked), maxima.maxMemoryPages(), notes,
                    " pages");
        }
        String time = headers.apply(TIMEOUT_HEADER);
        if (time != null) {
            timeout = Duration.ofMillis(capped(TIMEOUT_HEADER, (int) Math.min(Integer.MAX_VALUE, millis(time)),
                    (int) maxima.callTimeout().toMillis(), notes, " ms"));
        }
        String size = headers.apply(POOL_HEADER);
        if (size != null) {
            pool = capped(POOL_HEADER, (int) Math.min(Integer.MAX_VALUE, number(POOL_HEADER, size)),
                    maxima.poolSize(), notes, " instances");
        }
        if (pages < 1 || timeout.isZero() || pool < 1) {
            throw new PluginRefusedException("limits must be positive: " + MEMORY_HEADER + ", " + TIMEOUT_HEADER
                    + " and " + POOL_HEADER + " cannot be 0");
        }
        return new SandboxLimits(pages, timeout, maxModuleBytes, maxStringBytes, pool);
    }

    private static int capped(String header, int asked, int max, Consumer<String> notes,
            String unit) {
        if (asked > max) {
            notes.accept(header + " asks for " + asked + unit + "; the container allows at most " + max + unit);
            return max;
        }
        return asked;
    }

    private static long bytes(String value) throws PluginRefusedException {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new PluginRefusedException(MEMORY_HEADER + " '" + value + "' is not a size such as 32MiB");
        }
        long n = number(MEMORY_HEADER, m.group(1));
        switch (m.group(2)) {
            case "kib":
                return n * 1024;
            case "mib":
                return n * 1024 * 1024;
            case "gib":
                return n * 1024 * 1024 * 1024;
            default:
                return n;
        }
    }

    private static long millis(String value) throws PluginRefusedException {
        Matcher m = TIME.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new PluginRefusedException(TIMEOUT_HEADER + " '" + value + "' is not a duration such as 250ms or 2s");
        }
        long n = number(TIMEOUT_HEADER, m.group(1));
        return m.group(2).equals("s") ? n * 1000 : n;
    }

    private static long number(String header, String digits) throws PluginRefusedException {
        try {
            return Long.parseLong(digits.trim());
        } catch (NumberFormatException e) {
            throw new PluginRefusedException(header + " '" + digits + "' is not a number");
        }
    }
}
