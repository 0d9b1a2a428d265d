package io.wasmgi.wasm.host.internal.compile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compiled module's classes as one byte array, for the disk cache: the main class's name, then each class's
 * name and bytes, in the order they were defined. The cache checks the entry's SHA-256 before this reads it;
 * a count or length that does not fit what is left is refused all the same.
 */
final class CompiledClasses {

    private static final int FORMAT = 1;

    private CompiledClasses() {}

    /** A compiled module: its main class's name and every class (the main one included) by name. */
    record Classes(String mainClass, Map<String, byte[]> bytes) {}

    static byte[] write(String mainClass, Map<String, byte[]> classes) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(FORMAT);
            out.writeUTF(mainClass);
            out.writeInt(classes.size());
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                out.write(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return buffer.toByteArray();
    }

    static Classes read(byte[] entry) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("not a compiled module of this format");
            }
            String mainClass = in.readUTF();
            int count = in.readInt();
            if (count < 1 || count > entry.length) {
                throw new IOException("a compiled module of " + count + " classes");
            }
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IOException("a class of " + length + " bytes where " + in.available() + " are left");
                }
                classes.put(name, in.readNBytes(length));
            }
            if (!classes.containsKey(mainClass) || in.available() != 0) {
                throw new IOException("a compiled module without its main class, or with bytes after its classes");
            }
            return new Classes(mainClass, classes);
        }
    }
}
