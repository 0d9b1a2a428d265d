package io.wasmgi.wasm.host.internal;

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

/**
 * WASI preview 1 for one instance, deny by default: every function is linkable, but no environment variable
 * and no argument is granted, and no directory unless the configuration grants one ({@link DirectoryGrant});
 * stdin is empty; stdout and stderr go to the plugin's bounded output. The clock and random numbers work.
 */
final class WasiImports {

    private WasiImports() {
    }

    /** The functions a plugin may import, keyed {@code module.name}, with their signatures. */
    static Map<String, FunctionType> provided() {
        Map<String, FunctionType> types = new TreeMap<>();
        try (WasiPreview1 wasi = WasiPreview1.builder().withLogger(SILENT).build()) {
            for (HostFunction f : wasi.toHostFunctions()) {
                types.put(f.module() + "." + f.name(), f.functionType());
            }
        }
        return types;
    }

    /** A fresh WASI context for one instance, with the directory granted if any; closing it is the caller's job. */
    static WasiPreview1 create(OutputStream stdout, OutputStream stderr, Optional<DirectoryGrant> directory) {
        WasiOptions.Builder options = WasiOptions.builder()
                .withStdin(InputStream.nullInputStream())
                .withStdout(stdout)
                .withStderr(stderr);
        directory.ifPresent(d -> options.withDirectory(d.guestPath(), d.hostPath()));
        return WasiPreview1.builder().withLogger(SILENT).withOptions(options.build()).build();
    }

    static ImportValues importValues(WasiPreview1 wasi) {
        return ImportValues.builder().addFunction(wasi.toHostFunctions()).build();
    }

    /** Chicory's WASI logs unsupported calls; the plugin sees the error code, the console need not. */
    private static final Logger SILENT = new Logger() {
        @Override
        public void log(Level level, String msg, Throwable throwable) {
        }

        @Override
        public boolean isLoggable(Level level) {
            return false;
        }
    };
}
