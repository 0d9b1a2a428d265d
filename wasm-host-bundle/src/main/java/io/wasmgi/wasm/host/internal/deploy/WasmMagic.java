package io.wasmgi.wasm.host.internal.deploy;

/** The first eight bytes of every WebAssembly binary module: {@code \0asm} and version 1. */
public final class WasmMagic {

    private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

    private WasmMagic() {}

    /** @throws ModuleReadException saying plainly what the bytes are not, if they are no wasm module */
    public static void check(byte[] bytes) throws ModuleReadException {
        if (bytes.length == 0) {
            throw new ModuleReadException("it is empty");
        }
        if (bytes.length < HEADER.length
                || !java.util.Arrays.equals(bytes, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            throw new ModuleReadException("it is not a wasm module: it does not start with \\0asm and version 1");
        }
    }
}
