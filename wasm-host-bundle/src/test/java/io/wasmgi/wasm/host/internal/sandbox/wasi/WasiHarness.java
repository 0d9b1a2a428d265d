package io.wasmgi.wasm.host.internal.sandbox.wasi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

import io.wasmgi.wasm.host.internal.sandbox.DirectoryGrant;
import io.wasmgi.wasm.host.internal.sandbox.WasiImports;

/** A real instance of a WAT test module (under {@code src/test/resources/wasi/}) linked to the host's guarded WASI. */
final class WasiHarness implements AutoCloseable {

    private final WasiPreview1 wasi;
    private final ImportValues imports;
    private final Instance instance;

    private WasiHarness(WasiPreview1 wasi, ImportValues imports, Instance instance) {
        this.wasi = wasi;
        this.imports = imports;
        this.instance = instance;
    }

    static WasiHarness of(String name, Optional<DirectoryGrant> directory, OutputStream stdout) {
        WasiPreview1 wasi = WasiImports.create(stdout, OutputStream.nullOutputStream(), directory);
        ImportValues imports = WasiImports.importValues(wasi, directory);
        Instance instance =
                Instance.builder(module(name)).withImportValues(imports).build();
        return new WasiHarness(wasi, imports, instance);
    }

    static WasiHarness of(String name) {
        return of(name, Optional.empty(), OutputStream.nullOutputStream());
    }

    static WasmModule module(String name) {
        try (InputStream in = WasiHarness.class.getResourceAsStream("/wasi/" + name + ".wat")) {
            if (in == null) {
                throw new IllegalArgumentException("no test module wasi/" + name + ".wat");
            }
            return Parser.parse(Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls the export {@code name}: for the re-exported WASI functions, the errno. */
    long call(String name, long... args) {
        return instance.export(name).apply(args)[0];
    }

    /** Calls the guarded WASI function {@code name} itself, as the instance's code would, on this thread. */
    long callHost(String name, long... args) {
        for (ImportFunction function : imports.functions()) {
            if (function.name().equals(name)) {
                return function.handle().apply(instance, args)[0];
            }
        }
        throw new IllegalArgumentException("no WASI function " + name);
    }

    Memory memory() {
        return instance.memory();
    }

    /** Writes {@code text} as UTF-8 at {@code address}; returns its length in bytes. */
    int put(int address, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        memory().write(address, bytes);
        return bytes.length;
    }

    /** An iovec at {@code address}. */
    void iovec(int address, int base, int length) {
        memory().writeI32(address, base);
        memory().writeI32(address + 4, length);
    }

    int i32(int address) {
        return memory().readInt(address);
    }

    @Override
    public void close() {
        wasi.close();
    }
}
