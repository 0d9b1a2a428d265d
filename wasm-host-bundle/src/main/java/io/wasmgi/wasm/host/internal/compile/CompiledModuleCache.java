package io.wasmgi.wasm.host.internal.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import com.dylibso.chicory.compiler.Cache;

/**
 * Compiled modules on disk, so that reinstalling a plugin or restarting the container skips compilation.
 * Entries live in a folder per Chicory version (another version never reads them) and carry a SHA-256 of their
 * own bytes: an entry that does not match it is deleted and rebuilt, never trusted.
 */
public final class CompiledModuleCache implements Cache {

    private final Path folder;
    private final LongAdder hits = new LongAdder();

    /** @param root the host bundle's data area; entries of other Chicory versions found there are removed */
    public CompiledModuleCache(Path root, String chicoryVersion) throws IOException {
        this.folder = root.resolve("chicory-" + chicoryVersion);
        Files.createDirectories(folder);
        try (Stream<Path> others = Files.list(root)) {
            for (Path other : (Iterable<Path>) others::iterator) {
                if (!other.equals(folder)) {
                    deleteTree(other);
                }
            }
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        Path entry = entry(key);
        Path checksum = checksum(key);
        if (!Files.exists(entry) || !Files.exists(checksum)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(entry);
        if (!Arrays.equals(sha256(bytes), HexFormat.of().parseHex(Files.readString(checksum).trim()))) {
            Files.deleteIfExists(entry);
            Files.deleteIfExists(checksum);
            return null;
        }
        hits.increment();
        return bytes;
    }

    @Override
    public void putIfAbsent(String key, byte[] bytes) throws IOException {
        // written to temporary files and moved into place, so a crash never leaves a half-written entry
        Path entryTmp = Files.createTempFile(folder, "entry", ".tmp");
        Path checksumTmp = Files.createTempFile(folder, "checksum", ".tmp");
        Files.write(entryTmp, bytes);
        Files.writeString(checksumTmp, HexFormat.of().formatHex(sha256(bytes)));
        Files.move(entryTmp, entry(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(checksumTmp, checksum(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Forgets an entry that loaded but did not work. */
    void evict(String key) throws IOException {
        Files.deleteIfExists(entry(key));
        Files.deleteIfExists(checksum(key));
    }

    /** Entries served so far: the compiler compares before and after to tell a hit from a compilation. */
    long hits() {
        return hits.sum();
    }

    /** Keys look like {@code sha-256:<hex>}: only the hex names a file. */
    private Path entry(String key) {
        return folder.resolve(fileName(key) + ".jar");
    }

    private Path checksum(String key) {
        return folder.resolve(fileName(key) + ".sha256");
    }

    private static String fileName(String key) {
        return key.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    deleteTree(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
