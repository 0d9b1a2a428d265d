package io.wasmgi.wasm.host.internal.compile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * Entries live in a folder per Chicory version (another version never reads them). Each entry is one file: the
 * SHA-256 of the compiled bytes, then the bytes, published by an atomic move; an entry whose bytes do not match
 * its SHA-256 is deleted and rebuilt, never trusted.
 */
public final class CompiledModuleCache implements Cache {

    private static final String SUFFIX = ".entry";
    private static final int DIGEST_BYTES = 32;

    private final Path folder;
    private final LongAdder hits = new LongAdder();

    /**
     * @param root the host bundle's data area; entries of other Chicory versions found there are removed, and
     *             anything but a whole entry in this version's folder (a temporary file a crash left) too
     */
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
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!file.getFileName().toString().endsWith(SUFFIX)) {
                    deleteTree(file);
                }
            }
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        byte[] bytes = read(entry(key));
        if (bytes != null) {
            hits.increment();
        }
        return bytes;
    }

    /** Does nothing if a sound entry is there already, as Chicory's contract says. */
    @Override
    public void putIfAbsent(String key, byte[] bytes) throws IOException {
        Path entry = entry(key);
        if (read(entry) != null) {
            return;
        }
        // written to a temporary file and moved into place, so that no reader ever sees half an entry
        Path temporary = Files.createTempFile(folder, "entry", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                out.write(sha256(bytes));
                out.write(bytes);
            }
            Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary); // moved: gone already; failed: not left behind
        }
    }

    /** Forgets an entry that loaded but did not work. */
    void evict(String key) throws IOException {
        Files.deleteIfExists(entry(key));
    }

    /** Entries served so far. */
    long hits() {
        return hits.sum();
    }

    /** The entry's bytes, or null if there is none or it is not sound (then it is deleted). */
    private static byte[] read(Path entry) throws IOException {
        if (!Files.isRegularFile(entry)) {
            return null;
        }
        byte[] stored = Files.readAllBytes(entry);
        byte[] bytes = stored.length < DIGEST_BYTES ? null : Arrays.copyOfRange(stored, DIGEST_BYTES, stored.length);
        if (bytes == null || !Arrays.equals(sha256(bytes), Arrays.copyOf(stored, DIGEST_BYTES))) {
            Files.deleteIfExists(entry);
            return null;
        }
        return bytes;
    }

    /**
     * Keys are Chicory's {@code sha-256:<Base64>}; Base64 holds '/' and '+', and mapping characters would not be
     * one-to-one: the file is named by the SHA-256 of the key, in hex.
     */
    private Path entry(String key) {
        return folder.resolve(HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8))) + SUFFIX);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    deleteTree(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
