package io.wasmgi.wasm.host.internal.compile;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * The bytecode length of each method of a class file, read from its {@code Code} attributes (ASM does not tell
 * it). It matters because HotSpot never compiles a method past {@link #JIT_LIMIT} bytes: such a method runs in
 * the JVM's bytecode interpreter for good, many times slower.
 */
final class MethodSizes {

    /** HotSpot's {@code HugeMethodLimit}: with {@code DontCompileHugeMethods}, its default, larger methods stay interpreted. */
    static final int JIT_LIMIT = 8000;

    private MethodSizes() {}

    /** Each method's bytecode length, keyed by {@link #key}; abstract and native methods are left out. */
    static Map<String, Integer> of(byte[] classBytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classBytes))) {
            in.skipNBytes(8); // magic, minor and major version
            String[] utf8 = constantPoolStrings(in);
            in.skipNBytes(6); // access flags, this class, super class
            in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
            int fields = in.readUnsignedShort();
            for (int i = 0; i < fields; i++) {
                in.skipNBytes(6);
                skipAttributes(in);
            }
            Map<String, Integer> sizes = new HashMap<>();
            int methods = in.readUnsignedShort();
            for (int i = 0; i < methods; i++) {
                in.skipNBytes(2);
                String name = utf8[in.readUnsignedShort()];
                String descriptor = utf8[in.readUnsignedShort()];
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if ("Code".equals(attribute)) {
                        in.skipNBytes(4); // max stack, max locals
                        int code = in.readInt();
                        sizes.put(key(name, descriptor), code);
                        in.skipNBytes(length - 8L);
                    } else {
                        in.skipNBytes(length);
                    }
                }
            }
            return sizes;
        } catch (IOException e) {
            throw new UncheckedIOException("not a class file: " + e.getMessage(), e);
        }
    }

    /** One method's bytecode length as ASM would write it now (written alone into an empty class). */
    static int of(MethodNode method) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "Sized", null, "java/lang/Object", null);
        method.accept(writer);
        writer.visitEnd();
        return of(writer.toByteArray()).get(key(method.name, method.desc));
    }

    /** How many methods of these classes are past {@link #JIT_LIMIT}. */
    static int pastJitLimit(Map<String, byte[]> classes) {
        int past = 0;
        for (byte[] bytes : classes.values()) {
            for (int size : of(bytes).values()) {
                past += size > JIT_LIMIT ? 1 : 0;
            }
        }
        return past;
    }

    static String key(String name, String descriptor) {
        return name + descriptor;
    }

    /** Reads the constant pool; answers its UTF-8 entries by index (null for the others). */
    private static String[] constantPoolStrings(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // a long or a double takes two entries
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        return utf8;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipNBytes(2);
            in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
        }
    }
}
