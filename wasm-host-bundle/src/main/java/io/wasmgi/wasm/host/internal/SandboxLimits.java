package io.wasmgi.wasm.host.internal;

import java.time.Duration;

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

    /** 16 MiB of memory (room for a Rust plugin's 1 MiB stack), a 1 s deadline, 16 MiB modules. */
    static SandboxLimits defaults() {
        return new SandboxLimits(256, Duration.ofSeconds(1), 16 * 1024 * 1024, 256,
                Math.max(2, Runtime.getRuntime().availableProcessors()));
    }
}
