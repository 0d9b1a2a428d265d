package io.wasmgi.wasm.host.internal.sandbox.wasi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.stream.Stream;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;

/**
 * {@code fd_readdir} of a directory in the grant, in place of Chicory's, which looks at each entry through
 * symbolic links (a link to {@code /etc} would show as a directory, with {@code /etc}'s inode) and at the
 * parent of the granted directory for {@code ..}. Here each entry is looked at without following links (a
 * link is a link), and {@code ..} tells nothing of what is above. Same layout and cookies as Chicory's: the
 * entries {@code .} and {@code ..}, then the directory's own, each cookie the index of the next.
 */
public final class ConfinedReaddir {

    private static final int DIRENT_BYTES = 24;
    private static final byte UNKNOWN = 0;
    private static final byte DIRECTORY = 3;
    private static final byte REGULAR_FILE = 4;
    private static final byte SYMBOLIC_LINK = 7;

    private ConfinedReaddir() {}

    /**
     * {@code fd_readdir(fd, buf, buf_len, cookie, bufused_ptr)} for {@code directory}; the buffers were checked
     * by {@link WasiBounds}.
     */
    static int read(Instance instance, Path directory, long[] args) {
        long buffer = GuestMemory.u32(args[1]);
        long length = GuestMemory.u32(args[2]);
        long cookie = args[3];
        if (cookie < 0) {
            return Errno.EINVAL;
        }
        long used = 0;
        try (Stream<Path> listing = Files.list(directory)) {
            Iterator<Path> entries = Stream.concat(Stream.of(directory.resolve("."), directory.resolve("..")), listing)
                    .iterator();
            for (long index = 0; entries.hasNext() && used < length; index++) {
                Path entry = entries.next();
                if (index < cookie) {
                    continue;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new ChicoryInterruptedException("Thread interrupted in WASI fd_readdir");
                }
                byte[] dirent = dirent(entry, index + 1, index == 1);
                if (dirent == null) {
                    continue; // gone since the listing
                }
                int n = (int) Math.min(dirent.length, length - used);
                instance.memory().write((int) (buffer + used), dirent, 0, n);
                used += n;
            }
        } catch (NotDirectoryException e) {
            return Errno.ENOTDIR;
        } catch (NoSuchFileException e) {
            return Errno.ENOENT; // renamed or removed since it was opened
        } catch (IOException e) {
            return Errno.EACCES;
        }
        instance.memory().writeI32((int) GuestMemory.u32(args[4]), (int) used);
        return Errno.SUCCESS;
    }

    /** The entry's dirent, its name after, or null if it is gone. */
    private static byte[] dirent(Path entry, long next, boolean parent) {
        byte[] name = entry.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        long inode = 0;
        byte type = DIRECTORY;
        if (!parent) { // the parent of the granted directory is outside it: nothing of it is told
            try {
                BasicFileAttributes attributes =
                        Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                type = attributes.isSymbolicLink()
                        ? SYMBOLIC_LINK
                        : attributes.isDirectory() ? DIRECTORY : attributes.isRegularFile() ? REGULAR_FILE : UNKNOWN;
                inode = inode(entry);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                type = UNKNOWN;
            }
        }
        ByteBuffer dirent = ByteBuffer.allocate(DIRENT_BYTES + name.length).order(ByteOrder.LITTLE_ENDIAN);
        dirent.putLong(0, next);
        dirent.putLong(8, inode);
        dirent.putInt(16, name.length);
        dirent.put(20, type);
        dirent.position(DIRENT_BYTES);
        dirent.put(name);
        return dirent.array();
    }

    private static long inode(Path entry) {
        try {
            return ((Number) Files.getAttribute(entry, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }
}
