package io.wasmgi.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleSourceTest {

    private static final byte[] EMPTY_MODULE = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    @TempDir
    Path dir;

    @Test
    void aModuleIsReadWithItsNameFromTheFileName() throws Exception {
        Path file = Files.write(dir.resolve("Sub.wasm"), EMPTY_MODULE);
        ModuleSource.Module module = ModuleSource.read(file.toString());
        assertEquals("sub", module.name());
        assertArrayEquals(EMPTY_MODULE, module.bytes());
        assertEquals("sub", ModuleSource.read(file.toUri().toString()).name());
    }

    @Test
    void whatIsNotAModuleIsRefused() throws Exception {
        assertEquals("it is empty", refusal(Files.write(dir.resolve("e.wasm"), new byte[0])));
        assertTrue(refusal(Files.write(
                        dir.resolve("t.wasm"), "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .startsWith("it is not a wasm module"));
        assertEquals("it is not a regular file", refusal(Files.createDirectory(dir.resolve("d.wasm"))));
        assertTrue(
                refusal(Files.write(dir.resolve("bad name.wasm"), EMPTY_MODULE)).startsWith("its file name must be"));
        Path big = dir.resolve("big.wasm");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ModuleSource.MAX_BYTES + 1L); // sparse: refused by its size, unread
        }
        assertEquals("it is larger than " + ModuleSource.MAX_BYTES + " bytes", refusal(big));
        IOException e = assertThrows(IOException.class, () -> ModuleSource.read("ftp://example.org/x.wasm"));
        assertEquals("only file:, http: and https: URLs are read", e.getMessage());
    }

    private static String refusal(Path file) {
        return assertThrows(IOException.class, () -> ModuleSource.read(file.toString()))
                .getMessage();
    }
}
