package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk cache of compiled modules, as Chicory's compiler uses it: get, then putIfAbsent. */
class CompiledModuleCacheTest {

    @TempDir
    Path root;

    private List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.collect(Collectors.toList());
        }
    }

    @Test
    void anEntryIsServedAndCountedAsAHit() throws Exception {
        CompiledModuleCache cache = new CompiledModuleCache(root, "1.7.5");
        assertNull(cache.get("sha-256:abc"));
        cache.putIfAbsent("sha-256:abc", new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, cache.get("sha-256:abc"));
        assertEquals(1, cache.hits());
        assertArrayEquals(
                new byte[] {1, 2, 3},
                new CompiledModuleCache(root, "1.7.5").get("sha-256:abc"),
                "kept across restarts");
    }

    @Test
    void putIfAbsentKeepsWhatIsThereAsChicorysContractSays() throws Exception {
        CompiledModuleCache cache = new CompiledModuleCache(root, "1.7.5");
        cache.putIfAbsent("sha-256:k", new byte[] {1});
        cache.putIfAbsent("sha-256:k", new byte[] {2});
        assertArrayEquals(new byte[] {1}, cache.get("sha-256:k"));
    }

    @Test
    void keysThatOnlyDifferInBase64CharactersAreTwoEntries() throws Exception {
        CompiledModuleCache cache = new CompiledModuleCache(root, "1.7.5");
        cache.putIfAbsent("sha-256:ab/cd+ef=", new byte[] {1});
        cache.putIfAbsent("sha-256:ab_cd_ef_", new byte[] {2});
        assertArrayEquals(new byte[] {1}, cache.get("sha-256:ab/cd+ef="));
        assertArrayEquals(new byte[] {2}, cache.get("sha-256:ab_cd_ef_"));
    }

    @Test
    void aCorruptEntryIsDeletedNotServed() throws Exception {
        CompiledModuleCache cache = new CompiledModuleCache(root, "1.7.5");
        cache.putIfAbsent("sha-256:k", new byte[] {1, 2, 3});
        Path entry = files(root.resolve("chicory-1.7.5")).get(0);
        byte[] stored = Files.readAllBytes(entry);
        stored[stored.length - 1] ^= 1;
        Files.write(entry, stored);
        assertNull(cache.get("sha-256:k"));
        assertFalse(Files.exists(entry));
        assertEquals(0, cache.hits());
        Files.write(entry, new byte[] {7}); // shorter than a digest
        assertNull(cache.get("sha-256:k"));
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFileBehind() throws Exception {
        CompiledModuleCache cache = new CompiledModuleCache(root, "1.7.5");
        cache.putIfAbsent("sha-256:probe", new byte[] {1});
        Path folder = root.resolve("chicory-1.7.5");
        String name = files(folder).get(0).getFileName().toString();
        cache.evict("sha-256:probe");
        // the entry's place is taken by a folder with a file in it: the move into place fails
        Files.createDirectories(folder.resolve(name).resolve("blocker"));
        assertThrows(IOException.class, () -> cache.putIfAbsent("sha-256:probe", new byte[] {2}));
        assertEquals(List.of(folder.resolve(name)), files(folder), "no temporary file is left");
    }

    @Test
    void otherVersionsAndLeftoversAreCleanedAtStart() throws Exception {
        Files.createDirectories(root.resolve("chicory-1.6.0"));
        Files.write(Files.createDirectories(root.resolve("chicory-1.7.5")).resolve("entry123.tmp"), new byte[] {1});
        new CompiledModuleCache(root, "1.7.5");
        assertEquals(List.of(root.resolve("chicory-1.7.5")), files(root));
        assertTrue(files(root.resolve("chicory-1.7.5")).isEmpty());
    }
}
