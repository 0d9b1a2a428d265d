package io.wasmgi.wasm.host.internal.sandbox;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.dylibso.chicory.log.Logger;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;

import io.wasmgi.wasm.host.internal.sandbox.wasi.ConfinedDirectory;
import io.wasmgi.wasm.host.internal.sandbox.wasi.GuardedHostFunction;
import io.wasmgi.wasm.host.internal.sandbox.wasi.PathGuards;
import io.wasmgi.wasm.host.internal.sandbox.wasi.WasiBounds;
import io.wasmgi.wasm.host.internal.sandbox.wasi.WasiGuard;

/**
 * WASI preview 1 for one instance, deny by default: every function is linkable, but no environment variable
 * and no argument is granted, and no directory unless the configuration grants one ({@link DirectoryGrant});
 * stdin is empty; stdout and stderr go to the plugin's bounded output. The clock and random numbers work.
 * Chicory implements the functions; the host puts each behind guards ({@link #importValues}) so that a hostile
 * plugin can make none of them run past the call's deadline, allocate much, throw a JVM error, or reach
 * outside the granted directory.
 */
public final class WasiImports {

    /** The bounds of every instance: they keep no state. No argument nor environment variable is granted. */
    private static final Map<String, WasiGuard> BOUNDS = WasiBounds.guards(0, 0, 0, 0);

    private WasiImports() {}

    /** The functions a plugin may import, keyed {@code module.name}, with their signatures. */
    public static Map<String, FunctionType> provided() {
        Map<String, FunctionType> types = new TreeMap<>();
        try (WasiPreview1 wasi = WasiPreview1.builder().withLogger(SILENT).build()) {
            for (HostFunction f : wasi.toHostFunctions()) {
                types.put(f.module() + "." + f.name(), f.functionType());
            }
        }
        return types;
    }

    /** A fresh WASI context for one instance, with the directory granted if any; closing it is the caller's job. */
    public static WasiPreview1 create(OutputStream stdout, OutputStream stderr, Optional<DirectoryGrant> directory) {
        WasiOptions.Builder options = WasiOptions.builder()
                .withStdin(InputStream.nullInputStream())
                .withStdout(stdout)
                .withStderr(stderr);
        directory.ifPresent(d -> options.withDirectory(d.guestPath(), d.hostPath()));
        return WasiPreview1.builder()
                .withLogger(SILENT)
                .withOptions(options.build())
                .build();
    }

    /**
     * The instance's WASI functions, each behind its guards ({@link GuardedHostFunction}): bounded, held to the
     * call's deadline, and confined to the granted directory, if any ({@link PathGuards}).
     */
    public static ImportValues importValues(WasiPreview1 wasi, Optional<DirectoryGrant> directory) {
        Map<String, WasiGuard> paths = new PathGuards(
                        directory.map(d -> new ConfinedDirectory(d.hostPath())).orElse(null))
                .guards();
        HostFunction[] functions = wasi.toHostFunctions();
        for (int i = 0; i < functions.length; i++) {
            String name = functions[i].name();
            WasiGuard guard = BOUNDS.getOrDefault(name, WasiGuard.NONE).then(paths.getOrDefault(name, WasiGuard.NONE));
            functions[i] = GuardedHostFunction.of(functions[i], guard);
        }
        return ImportValues.builder().addFunction(functions).build();
    }

    /** Chicory's WASI logs unsupported calls; the plugin sees the error code, the console need not. */
    private static final Logger SILENT = new Logger() {
        @Override
        public void log(Level level, String msg, Throwable throwable) {}

        @Override
        public boolean isLoggable(Level level) {
            return false;
        }
    };
}
