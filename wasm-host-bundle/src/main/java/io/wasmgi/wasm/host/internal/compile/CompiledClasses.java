package io.wasmgi.wasm.host.internal.compile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A compiled module's classes as one byte array, for the disk cache: a zip (a jar without manifest) of a
 * {@value #MAIN_CLASS} entry naming the main class, then each class as {@code name/in/internal/Form.class}, in
 * the order they were defined. The cache checks the entry's SHA-256 before this reads it; anything unexpected in
 * it is refused all the same.
 */
final class CompiledClasses {

    private static final String MAIN_CLASS = "wasmgi-main-class";
    private static final String CLASS_SUFFIX = ".class";

    private CompiledClasses() {}

    /** A compiled module: its main class's name and every class (the main one included) by name. */
    record Classes(String mainClass, Map<String, byte[]> bytes) {}

    static byte[] write(String mainClass, Map<String, byte[]> classes) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(buffer)) {
            out.putNextEntry(new ZipEntry(MAIN_CLASS));
            out.write(mainClass.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey().replace('.', '/') + CLASS_SUFFIX));
                out.write(entry.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return buffer.toByteArray();
    }

    /** What {@link #write} wrote; the entry is in memory already, so no part of it can be larger than it. */
    static Classes read(byte[] entry) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(entry))) {
            ZipEntry first = in.getNextEntry();
            if (first == null || !first.getName().equals(MAIN_CLASS)) {
                throw new IOException("not a compiled module: no " + MAIN_CLASS + " first");
            }
            String mainClass = new String(readBounded(in, entry.length), StandardCharsets.UTF_8);
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (ZipEntry next = in.getNextEntry(); next != null; next = in.getNextEntry()) {
                String name = next.getName();
                if (!name.endsWith(CLASS_SUFFIX) || next.isDirectory()) {
                    throw new IOException("not a class in a compiled module: " + name);
                }
                String className =
                        name.substring(0, name.length() - CLASS_SUFFIX.length()).replace('/', '.');
                if (classes.put(className, readBounded(in, entry.length)) != null) {
                    throw new IOException("a class twice in a compiled module: " + className);
                }
            }
            if (!classes.containsKey(mainClass)) {
                throw new IOException("a compiled module without its main class " + mainClass);
            }
            return new Classes(mainClass, classes);
        }
    }

    /** Deflated data can expand far beyond its size: no entry may hold more than the whole archive's ×100. */
    private static byte[] readBounded(ZipInputStream in, int archiveBytes) throws IOException {
        long limit = 100L * archiveBytes + 1024;
        byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > limit) {
            throw new IOException("an entry larger than " + limit + " bytes in a compiled module");
        }
        return bytes;
    }
}
