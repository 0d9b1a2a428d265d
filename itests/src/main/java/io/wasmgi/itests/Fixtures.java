package io.wasmgi.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * The bundles this build made that the tests install (embedded in the test bundle under {@code bundles/} by the
 * build: the plugins and the example consumer), their modules, and plugin bundles written for a test.
 */
final class Fixtures {

    private Fixtures() {}

    /** The jar of this build's plugin {@code name} (add, mul, sub), as plugins/NAME/target/NAME-plugin.jar. */
    static byte[] pluginJar(String name) {
        return embedded("bundles/" + name + "-plugin.jar");
    }

    static byte[] exampleConsumerJar() {
        return embedded("bundles/example-consumer.jar");
    }

    /** The module inside this build's plugin {@code name}: the committed plugins/NAME/NAME.wasm. */
    static byte[] pluginModule(String name) {
        try (JarInputStream jar = new JarInputStream(new java.io.ByteArrayInputStream(pluginJar(name)))) {
            for (JarEntry entry; (entry = jar.getNextJarEntry()) != null; ) {
                if (entry.getName().equals(name + ".wasm")) {
                    return jar.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(name + "-plugin.jar holds no " + name + ".wasm");
    }

    /** Writes this build's plugin {@code name} as {@code dir/NAME-plugin.jar}, for tests that need a file. */
    static Path pluginJarFile(Path dir, String name) throws IOException {
        return Files.write(dir.resolve(name + "-plugin.jar"), pluginJar(name));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] embedded(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("the test bundle holds no " + path + ": see itests/pom.xml");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
