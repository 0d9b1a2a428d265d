package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

/** The cache's format of a compiled module: what is written reads back; anything else is refused. */
class CompiledClassesTest {

    @Test
    void classesReadBackInTheirOrder() throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        classes.put("com.example.Machine", new byte[] {1, 2});
        classes.put("com.example.MachineFuncGroup_0", new byte[] {3});
        CompiledClasses.Classes read = CompiledClasses.read(CompiledClasses.write("com.example.Machine", classes));
        assertEquals("com.example.Machine", read.mainClass());
        assertEquals(List.copyOf(classes.keySet()), List.copyOf(read.bytes().keySet()));
        assertArrayEquals(new byte[] {3}, read.bytes().get("com.example.MachineFuncGroup_0"));
    }

    @Test
    void truncatedOrForeignEntriesAreRefused() throws IOException {
        byte[] entry = CompiledClasses.write("Main", Map.of("Main", new byte[] {1, 2}));
        // a cut is refused, or falls in the zip's closing directory, past every class: never half a class
        int refused = 0;
        for (int cut = 0; cut < entry.length; cut++) {
            try {
                CompiledClasses.Classes read = CompiledClasses.read(Arrays.copyOf(entry, cut));
                assertArrayEquals(new byte[] {1, 2}, read.bytes().get("Main"), "cut at " + cut);
            } catch (IOException e) {
                refused++;
            }
        }
        assertTrue(refused > 0, "no cut of " + entry.length + " was refused");
        assertThrows(IOException.class, () -> CompiledClasses.read(CompiledClasses.write("Other", Map.of())));
        assertThrows(IOException.class, () -> CompiledClasses.read("not a zip".getBytes(StandardCharsets.US_ASCII)));
        ByteArrayOutputStream foreign = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(foreign)) {
            out.putNextEntry(new ZipEntry("wasmgi-main-class"));
            out.write("Main".getBytes(StandardCharsets.US_ASCII));
            out.putNextEntry(new ZipEntry("Main.class"));
            out.putNextEntry(new ZipEntry("notes.txt"));
        }
        assertThrows(IOException.class, () -> CompiledClasses.read(foreign.toByteArray()));
    }

    @Test
    void anEntryThatInflatesFarBeyondItsSizeIsRefused() throws IOException {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bomb)) {
            out.putNextEntry(new ZipEntry("wasmgi-main-class"));
            out.write("Main".getBytes(StandardCharsets.US_ASCII));
            out.putNextEntry(new ZipEntry("Main.class"));
            out.write(new byte[50_000_000]); // zeros deflate about 1000 to 1
        }
        assertThrows(IOException.class, () -> CompiledClasses.read(bomb.toByteArray()));
    }
}
