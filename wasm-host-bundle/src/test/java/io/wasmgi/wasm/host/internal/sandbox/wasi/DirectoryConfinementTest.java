package io.wasmgi.wasm.host.internal.sandbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.wasmgi.wasm.host.internal.load.PluginRefusedException;
import io.wasmgi.wasm.host.internal.sandbox.DirectoryGrant;

/**
 * A plugin granted a directory reaches nothing outside it, whatever path it passes: real symbolic links
 * (absolute and relative, to a directory and to a file, last or in the middle, nested, dangling), hard links,
 * {@code ..}, absolute paths, odd bytes. Reads, writes, creation, renames, unlinks, stat, readlink and links
 * are tried; the files outside stay as they were, and the same calls inside the grant still work.
 */
class DirectoryConfinementTest {

    private static final int FD_READ = 1 << 1;
    private static final int FD_WRITE = 1 << 6;
    private static final int CREAT = 1;
    private static final int DIRECTORY = 2;
    private static final int TRUNC = 8;
    private static final int FOLLOW = 1;
    private static final int PREOPENED = 3;

    private static final int PATH = 0x2000;
    private static final int PATH2 = 0x3000;
    private static final int FD_OUT = 0x10;
    private static final int IOVEC = 0x100;
    private static final int COUNT = 0x120;
    private static final int BUFFER = 0x10000;

    @TempDir
    Path temp;

    private Path outside;
    private Path grant;
    private WasiHarness wasi;

    @BeforeEach
    void layOutTheDirectories() throws IOException, PluginRefusedException {
        outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.writeString(outside.resolve("other.txt"), "other");
        Files.createDirectory(outside.resolve("dir"));
        grant = Files.createDirectory(temp.resolve("grant"));
        Files.writeString(grant.resolve("inside.txt"), "inside");
        Files.createDirectory(grant.resolve("sub"));
        Files.writeString(grant.resolve("sub/file.txt"), "file");
        Files.createSymbolicLink(grant.resolve("abs_dir"), outside);
        Files.createSymbolicLink(grant.resolve("abs_file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(grant.resolve("rel_dir"), Path.of("../outside"));
        Files.createSymbolicLink(grant.resolve("rel_file"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(grant.resolve("sub/nested"), Path.of("../../outside"));
        Files.createSymbolicLink(grant.resolve("sub/up"), Path.of(".."));
        Files.createSymbolicLink(grant.resolve("dangling"), outside.resolve("created.txt"));
        Files.createSymbolicLink(
                grant.resolve("cwd_relative"), Path.of("pom.xml")); // Chicory read it from the JVM's cwd
        Files.createLink(grant.resolve("hard.txt"), outside.resolve("other.txt"));
        wasi = WasiHarness.of(
                "reexport",
                DirectoryGrant.of("p", "/data", grant.toString(), note -> {}),
                OutputStream.nullOutputStream());
    }

    @AfterEach
    void theOutsideIsUntouched() throws IOException {
        wasi.close();
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
        assertEquals("other", Files.readString(outside.resolve("other.txt")));
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(
                    List.of("dir", "other.txt", "secret.txt"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> files = Files.list(outside.resolve("dir"))) {
            assertEquals(0, files.count());
        }
    }

    // ---- calls, as the plugin makes them ----

    private long open(int dirfd, String path, int lookup, int oflags, long rights) {
        int length = wasi.put(PATH, path);
        return wasi.call("path_open", dirfd, lookup, PATH, length, oflags, rights, 0, 0, FD_OUT);
    }

    private int openedFd() {
        return wasi.i32(FD_OUT);
    }

    private String read(int fd) {
        wasi.iovec(IOVEC, BUFFER, 4096);
        assertEquals(Errno.SUCCESS, wasi.call("fd_read", fd, IOVEC, 1, COUNT));
        return new String(wasi.memory().readBytes(BUFFER, wasi.i32(COUNT)), StandardCharsets.UTF_8);
    }

    private void write(int fd, String text) {
        int length = wasi.put(BUFFER, text);
        wasi.iovec(IOVEC, BUFFER, length);
        assertEquals(Errno.SUCCESS, wasi.call("fd_write", fd, IOVEC, 1, COUNT));
        assertEquals(length, wasi.i32(COUNT));
    }

    private long onePath(String function, int dirfd, String path) {
        int length = wasi.put(PATH, path);
        return wasi.call(function, dirfd, PATH, length);
    }

    private long twoPaths(String function, String from, String to) {
        int fromLength = wasi.put(PATH, from);
        int toLength = wasi.put(PATH2, to);
        return wasi.call(function, PREOPENED, PATH, fromLength, PREOPENED, PATH2, toLength);
    }

    // ---- inside: works ----

    @Test
    void filesInsideAreReadWrittenCreatedRenamedAndRemoved() throws IOException {
        assertEquals(Errno.SUCCESS, open(PREOPENED, "inside.txt", 0, 0, FD_READ));
        assertEquals("inside", read(openedFd()));
        assertEquals(Errno.SUCCESS, open(PREOPENED, "sub/./file.txt", FOLLOW, 0, FD_READ));
        assertEquals("file", read(openedFd()));
        assertEquals(Errno.SUCCESS, open(PREOPENED, "sub/../inside.txt", 0, 0, FD_READ), "a .. that stays inside");

        assertEquals(Errno.SUCCESS, open(PREOPENED, "new.txt", 0, CREAT | TRUNC, FD_WRITE));
        write(openedFd(), "written");
        assertEquals("written", Files.readString(grant.resolve("new.txt")));

        assertEquals(Errno.SUCCESS, onePath("path_create_directory", PREOPENED, "made"));
        assertTrue(Files.isDirectory(grant.resolve("made")));
        // (Chicory 1.7.5's path_rename answers ENOTSUP to every rename: it asks Files.move for COPY_ATTRIBUTES)
        assertNotEquals(Errno.EPERM, twoPaths("path_rename", "new.txt", "made/moved.txt"));
        assertEquals(Errno.SUCCESS, onePath("path_unlink_file", PREOPENED, "new.txt"));
        assertEquals(Errno.SUCCESS, onePath("path_remove_directory", PREOPENED, "made"));
        assertFalse(Files.exists(grant.resolve("made")));

        int length = wasi.put(PATH, "inside.txt");
        assertEquals(Errno.SUCCESS, wasi.call("path_filestat_get", PREOPENED, FOLLOW, PATH, length, 0x400));
        assertEquals(6, wasi.memory().readLong(0x400 + 32), "its size");
        assertEquals(Errno.SUCCESS, wasi.call("fd_readdir", PREOPENED, BUFFER, 4096, 0, COUNT));
        assertTrue(wasi.i32(COUNT) > 0);
    }

    @Test
    void aDirectoryOpenedInsideServesAsDirfdConfinedTheSameWay() throws IOException {
        assertEquals(Errno.SUCCESS, open(PREOPENED, "sub", 0, DIRECTORY, FD_READ));
        int sub = openedFd();
        assertEquals(Errno.SUCCESS, open(sub, "file.txt", 0, 0, FD_READ));
        assertEquals("file", read(openedFd()));
        assertEquals(Errno.EPERM, open(sub, "../inside.txt", 0, 0, FD_READ), "above its dirfd, as Chicory says");
        assertEquals(Errno.EPERM, open(sub, "nested/secret.txt", FOLLOW, 0, FD_READ));
        assertEquals(Errno.EPERM, open(sub, "up/rel_file", FOLLOW, 0, FD_READ));
        assertEquals(Errno.EPERM, open(sub, "nested/dir", FOLLOW, DIRECTORY, FD_READ));

        // renumbered, it is still known for what it is; closed, it is no dirfd any more
        assertEquals(Errno.SUCCESS, wasi.call("fd_renumber", sub, PREOPENED));
        assertEquals(Errno.EBADF, open(sub, "file.txt", 0, 0, FD_READ));
        assertEquals(Errno.SUCCESS, open(PREOPENED, "file.txt", 0, 0, FD_READ), "fd 3 is sub now");
        assertEquals(sub, openedFd(), "the lowest free number again");
        assertEquals(Errno.ENOTDIR, open(sub, "file.txt", 0, 0, FD_READ), "a file now, no directory");
        assertEquals(Errno.SUCCESS, wasi.call("fd_close", PREOPENED));
        assertEquals(Errno.EBADF, open(PREOPENED, "file.txt", 0, 0, FD_READ));
        assertEquals(Errno.ENOTDIR, open(1, "inside.txt", 0, 0, FD_READ), "stdout is no directory");
        assertEquals(Errno.EBADF, open(99, "inside.txt", 0, 0, FD_READ));
    }

    /** Reads the whole directory of {@code fd} through {@code fd_readdir}, {@code bufferBytes} at a time. */
    private Map<String, Integer> readdir(int fd, int bufferBytes) {
        Map<String, Integer> types = new TreeMap<>();
        long cookie = 0;
        while (true) {
            assertEquals(Errno.SUCCESS, wasi.call("fd_readdir", fd, BUFFER, bufferBytes, cookie, COUNT));
            int used = wasi.i32(COUNT);
            int at = 0;
            boolean any = false;
            while (at + 24 <= used) {
                int nameLength = wasi.i32(BUFFER + at + 16);
                if (at + 24 + nameLength > used) {
                    break; // cut: read again from its cookie
                }
                String name = new String(wasi.memory().readBytes(BUFFER + at + 24, nameLength), StandardCharsets.UTF_8);
                types.put(name, (int) wasi.memory().read(BUFFER + at + 20));
                cookie = wasi.memory().readLong(BUFFER + at);
                at += 24 + nameLength;
                any = true;
            }
            if (used < bufferBytes) {
                return types;
            }
            assertTrue(any, "a buffer of " + bufferBytes + " bytes holds one entry");
        }
    }

    @Test
    void readdirShowsLinksAsLinksNotAsWhatTheyPointTo() {
        Map<String, Integer> entries = readdir(PREOPENED, 4096);
        assertEquals(7, entries.get("abs_dir"), "a link to a directory outside is a link (Chicory says directory)");
        assertEquals(7, entries.get("rel_file"));
        assertEquals(7, entries.get("dangling"));
        assertEquals(4, entries.get("inside.txt"));
        assertEquals(4, entries.get("hard.txt"));
        assertEquals(3, entries.get("sub"));
        assertEquals(3, entries.get("."));
        assertEquals(3, entries.get(".."));
        assertEquals(11, entries.size(), entries.toString());
        assertEquals(entries, readdir(PREOPENED, 64), "read in pieces, by cookie, the same");
        assertEquals(Errno.SUCCESS, open(PREOPENED, "sub", 0, DIRECTORY, FD_READ));
        assertEquals(
                Set.of(".", "..", "file.txt", "nested", "up"),
                readdir(openedFd(), 4096).keySet());
        assertEquals(Errno.SUCCESS, open(PREOPENED, "inside.txt", 0, 0, FD_READ));
        assertEquals(Errno.ENOTDIR, wasi.call("fd_readdir", openedFd(), BUFFER, 4096, 0, COUNT));
    }

    @Test
    void aDirectoryReplacedByALinkAfterItWasOpenedIsRefused() throws IOException {
        assertEquals(Errno.SUCCESS, open(PREOPENED, "sub", 0, DIRECTORY, FD_READ));
        int sub = openedFd();
        // someone else swaps the directory for a link out
        Files.move(grant.resolve("sub"), grant.resolve("sub.old"));
        Files.createSymbolicLink(grant.resolve("sub"), outside);
        assertEquals(Errno.EPERM, open(sub, "secret.txt", 0, 0, FD_READ));
        assertEquals(Errno.EPERM, open(sub, "created.txt", 0, CREAT, FD_WRITE));
        assertEquals(Errno.EPERM, wasi.call("fd_readdir", sub, BUFFER, 4096, 0, COUNT));
        assertEquals(Errno.EPERM, wasi.call("fd_filestat_get", sub, 0x400));
    }

    // ---- outside: refused ----

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abs_dir/secret.txt",
                "rel_dir/secret.txt",
                "abs_file",
                "rel_file",
                "sub/nested/secret.txt",
                "sub/up/inside.txt",
                "./sub/../rel_dir/secret.txt",
                "cwd_relative",
                "dangling",
                "abs_dir/dir/x",
                "hard.txt",
                "../outside/secret.txt",
                "sub/../../outside/secret.txt",
                "..",
                "/etc/passwd",
                "/"
            })
    void noPathOpensAnythingOutside(String path) {
        for (int lookup : new int[] {0, FOLLOW}) {
            assertEquals(Errno.EPERM, open(PREOPENED, path, lookup, 0, FD_READ), path);
            assertEquals(Errno.EPERM, open(PREOPENED, path, lookup, CREAT | TRUNC, FD_READ | FD_WRITE), path);
            assertEquals(Errno.EPERM, open(PREOPENED, path, lookup, DIRECTORY, FD_READ), path);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abs_dir/dir",
                "rel_dir/dir",
                "sub/nested/dir",
                "abs_dir/new",
                "../outside/new",
                "abs_dir",
                "/tmp"
            })
    void noDirectoryOutsideIsCreatedOrRemoved(String path) {
        assertEquals(Errno.EPERM, onePath("path_create_directory", PREOPENED, path), path);
        assertEquals(Errno.EPERM, onePath("path_remove_directory", PREOPENED, path), path);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abs_dir/secret.txt",
                "rel_dir/secret.txt",
                "sub/nested/secret.txt",
                "../outside/secret.txt",
                "/etc/passwd"
            })
    void nothingOutsideIsUnlinkedStatedOrReadAsALink(String path) {
        assertEquals(Errno.EPERM, onePath("path_unlink_file", PREOPENED, path), path);
        int length = wasi.put(PATH, path);
        assertEquals(Errno.EPERM, wasi.call("path_filestat_get", PREOPENED, 0, PATH, length, 0x400), path);
        assertEquals(Errno.EPERM, wasi.call("path_filestat_get", PREOPENED, FOLLOW, PATH, length, 0x400), path);
        assertEquals(Errno.EPERM, wasi.call("path_filestat_set_times", PREOPENED, 0, PATH, length, 0, 0, 0), path);
        assertEquals(Errno.EPERM, wasi.call("path_readlink", PREOPENED, PATH, length, BUFFER, 256, COUNT), path);
    }

    @Test
    void aLinkItselfMayBeUnlinkedAndReadButNotFollowed() {
        int length = wasi.put(PATH, "abs_file");
        assertEquals(Errno.SUCCESS, wasi.call("path_readlink", PREOPENED, PATH, length, BUFFER, 256, COUNT));
        assertEquals(Errno.SUCCESS, wasi.call("path_filestat_get", PREOPENED, 0, PATH, length, 0x400), "lstat");
        assertEquals(7, wasi.memory().read(0x400 + 16), "filetype: symbolic link");
        assertEquals(Errno.EPERM, wasi.call("path_filestat_get", PREOPENED, FOLLOW, PATH, length, 0x400), "stat");
        assertEquals(Errno.EPERM, wasi.call("path_filestat_set_times", PREOPENED, FOLLOW, PATH, length, 0, 0, 0));
        assertEquals(Errno.SUCCESS, onePath("path_unlink_file", PREOPENED, "abs_file"));
        assertFalse(Files.exists(grant.resolve("abs_file"), LinkOption.NOFOLLOW_LINKS), "the link is gone");
    }

    @Test
    void renamesNeitherMoveLinksNorReachOutside() {
        assertEquals(Errno.EPERM, twoPaths("path_rename", "inside.txt", "abs_dir/moved.txt"));
        assertEquals(Errno.EPERM, twoPaths("path_rename", "inside.txt", "../outside/moved.txt"));
        assertEquals(Errno.EPERM, twoPaths("path_rename", "abs_dir/secret.txt", "stolen.txt"));
        assertEquals(Errno.EPERM, twoPaths("path_rename", "rel_dir", "sub/moved_link"), "a link is not moved");
        assertEquals(Errno.EPERM, twoPaths("path_rename", "inside.txt", "abs_file"), "nor replaced");
        assertTrue(Files.exists(grant.resolve("inside.txt")));
    }

    @Test
    void linksAreNeverMade() {
        int from = wasi.put(PATH, "/etc/passwd");
        int to = wasi.put(PATH2, "passwd");
        assertEquals(Errno.EPERM, wasi.call("path_symlink", PATH, from, PREOPENED, PATH2, to));
        from = wasi.put(PATH, "inside.txt");
        assertEquals(Errno.EPERM, wasi.call("path_symlink", PATH, from, PREOPENED, PATH2, to));
        assertEquals(Errno.EPERM, wasi.call("path_link", PREOPENED, 0, PATH, from, PREOPENED, PATH2, to));
        assertFalse(Files.exists(grant.resolve("passwd"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aFifoIsNotOpenedItWouldBlockInTheKernelPastAnyDeadline() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", grant.resolve("fifo").toString()).start();
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is needed for this test");
        assertEquals(Errno.EPERM, open(PREOPENED, "fifo", 0, 0, FD_READ));
        assertEquals(Errno.EPERM, open(PREOPENED, "fifo", 0, 0, FD_WRITE));
    }

    @Test
    void oddPathsAreRefused() {
        assertEquals(Errno.EINVAL, open(PREOPENED, "inside.txt\0/../../outside", 0, 0, FD_READ), "a NUL");
        wasi.memory().write(PATH, new byte[] {'a', (byte) 0xc0, (byte) 0xae, 'b'}); // overlong '.'
        assertEquals(Errno.EINVAL, wasi.call("path_open", PREOPENED, 0, PATH, 4, 0, FD_READ, 0, 0, FD_OUT));
        assertEquals(Errno.ENAMETOOLONG, open(PREOPENED, "a/".repeat(3000), 0, 0, FD_READ));
        assertEquals(Errno.EFAULT, wasi.call("path_open", PREOPENED, 0, 64 * 65536 - 2, 4, 0, FD_READ, 0, 0, FD_OUT));
        assertEquals(
                Errno.ENAMETOOLONG, wasi.call("path_open", PREOPENED, 0, PATH, 0xffffffffL, 0, FD_READ, 0, 0, FD_OUT));
        assertEquals(
                Errno.EFAULT,
                wasi.call("path_open", PREOPENED, 0, PATH, 4, 0, FD_READ, 0, 0, 0xfffffffeL),
                "the fd's address outside memory: nothing is opened");
    }

    @Test
    void withoutAGrantThereIsNoDirectory() {
        try (WasiHarness none = WasiHarness.of("reexport")) {
            int length = none.put(PATH, "inside.txt");
            assertNotEquals(
                    Errno.SUCCESS, none.call("path_open", PREOPENED, 0, PATH, length, 0, FD_READ, 0, 0, FD_OUT));
            assertEquals(Errno.EBADF, none.call("path_open", PREOPENED, 0, PATH, length, 0, FD_READ, 0, 0, FD_OUT));
        }
    }

    static {
        // the test needs links; a file system without them would make it pass for the wrong reason
        try {
            Path probe = Files.createTempDirectory("links");
            Files.createSymbolicLink(probe.resolve("l"), probe);
            Files.delete(probe.resolve("l"));
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException e) {
            throw new UncheckedIOException(new IOException("symbolic links are needed for this test", e));
        }
    }
}
