package io.wasmgi.wasm.host.internal.sandbox.wasi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;

/**
 * A granted directory as the {@code path_*} guards see it: its real path, the walk that proves a path inside it
 * reaches no symbolic link, and one lock per directory.
 *
 * <p>Java has no {@code openat} nor {@code O_NOFOLLOW} for the middle of a path, so Chicory follows whatever
 * links the path holds when it runs: the guards check every component first ({@link #check}) and run Chicory
 * under the lock, so that no other instance of the plugin, nor any other plugin granted the same directory,
 * renames things between the check and the use. A plugin cannot make a link itself ({@code path_symlink} and
 * {@code path_link} are refused) nor move one; only another process writing into the granted directory could
 * still race a check.
 */
public final class ConfinedDirectory {

    /** What the last component of a path may be. */
    enum Last {
        /** Anything but a symbolic link. */
        NO_LINK,
        /** A symbolic link too: the call acts on the link itself (unlink, readlink, lstat). */
        LINK_ALLOWED
    }

    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final ReentrantLock lock;

    /** @param root the granted directory's real path ({@link Path#toRealPath}) */
    public ConfinedDirectory(Path root) {
        this.root = root;
        this.lock = LOCKS.computeIfAbsent(root, r -> new ReentrantLock());
    }

    Path root() {
        return root;
    }

    /** The host path of {@code components} below the root. */
    Path hostPath(List<String> components) {
        Path path = root;
        for (String name : components) {
            path = path.resolve(name);
        }
        return path;
    }

    /**
     * Walks {@code components} from the root without following links: refuses ({@link Errno#EPERM}) any that is
     * a symbolic link, the last one too unless {@code last} allows it. Components past the first one missing
     * are not looked at: nothing there exists to follow.
     *
     * @return {@link Errno#SUCCESS}, or the errno refusing the path
     */
    int check(List<String> components, Last last) {
        Path path = root;
        for (int i = 0; i < components.size(); i++) {
            BasicFileAttributes attributes;
            try {
                path = path.resolve(components.get(i));
                attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (InvalidPathException e) {
                return Errno.EINVAL;
            } catch (NoSuchFileException e) {
                return Errno.SUCCESS;
            } catch (IOException e) {
                return i > 0 && !Files.isDirectory(path.getParent(), LinkOption.NOFOLLOW_LINKS)
                        ? Errno.ENOTDIR
                        : Errno.EACCES;
            }
            boolean isLast = i == components.size() - 1;
            if (attributes.isSymbolicLink() && !(isLast && last == Last.LINK_ALLOWED)) {
                return Errno.EPERM;
            }
            if (!isLast && !attributes.isDirectory()) {
                return Errno.ENOTDIR;
            }
        }
        return Errno.SUCCESS;
    }

    /**
     * Whether the file at {@code components} (checked by {@link #check}) may be opened or changed: not if it is a
     * regular file with more than one hard link (another may be outside the grant) or neither a regular file nor
     * a directory (a FIFO would block the call in the kernel, past any deadline).
     *
     * @return {@link Errno#SUCCESS}, or {@link Errno#EPERM}
     */
    int checkWritable(List<String> components) {
        Path path = hostPath(components);
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory()) {
                return Errno.SUCCESS;
            }
            if (!attributes.isRegularFile()) {
                return Errno.EPERM;
            }
            Object links = Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return ((Number) links).longValue() > 1 ? Errno.EPERM : Errno.SUCCESS;
        } catch (NoSuchFileException e) {
            return Errno.SUCCESS; // to be created, inside
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Errno.EPERM; // the link count cannot be told: do not risk it
        }
    }

    /** Runs {@code action} holding the directory's lock; waiting for it ends if the call's deadline passes. */
    long[] locked(String function, Supplier<long[]> action) {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("Thread interrupted waiting for the directory in " + function);
        }
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
