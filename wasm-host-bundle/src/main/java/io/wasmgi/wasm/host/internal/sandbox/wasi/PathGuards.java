package io.wasmgi.wasm.host.internal.sandbox.wasi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;

import io.wasmgi.wasm.host.internal.sandbox.wasi.ConfinedDirectory.Last;

/**
 * Confines one instance's file system calls to its granted directory. Every {@code path_*} call is resolved
 * from the root of the grant ({@link GuestPath}), through the path of its dirfd ({@link DirectoryFds}), and
 * walked without following links ({@link ConfinedDirectory#check}) before Chicory runs it, under the
 * directory's lock. Refusals are {@link Errno#EPERM}: absolute paths, {@code ..} above the dirfd, a symbolic
 * link anywhere in the path (the last component may be one only for {@code path_unlink_file},
 * {@code path_readlink} and {@code path_filestat_get} without {@code SYMLINK_FOLLOW}, which act on the link
 * itself), opening or touching a file with more than one hard link or one that is neither a regular file nor a
 * directory, and {@code path_symlink} and {@code path_link} always. A dirfd that names nothing in the grant is
 * {@link Errno#EBADF} ({@link Errno#ENOTDIR} for stdin, stdout, stderr). {@code fd_readdir} of a directory in
 * the grant is served by {@link ConfinedReaddir}, which does not look through links.
 */
public final class PathGuards {

    /** {@code lookupflags::symlink_follow}. */
    private static final long SYMLINK_FOLLOW = 1;

    /** The directory granted, or null: then every path call is {@link Errno#EBADF}, as there is no dirfd. */
    private final ConfinedDirectory directory;

    private final DirectoryFds fds;

    public PathGuards(ConfinedDirectory directory) {
        this.directory = directory;
        this.fds = directory == null ? DirectoryFds.none() : DirectoryFds.granted();
    }

    /** The guards, by WASI function name. */
    public Map<String, WasiGuard> guards() {
        Map<String, WasiGuard> guards = new HashMap<>();
        guards.put("path_open", this::open);
        guards.put("path_create_directory", onePath("path_create_directory", 0, 1, Last.NO_LINK, false));
        guards.put("path_remove_directory", onePath("path_remove_directory", 0, 1, Last.NO_LINK, false));
        guards.put("path_unlink_file", onePath("path_unlink_file", 0, 1, Last.LINK_ALLOWED, false));
        guards.put("path_readlink", onePath("path_readlink", 0, 1, Last.LINK_ALLOWED, false));
        guards.put("path_filestat_set_times", onePath("path_filestat_set_times", 0, 2, Last.NO_LINK, true));
        guards.put("path_filestat_get", this::filestatGet);
        guards.put("path_rename", this::rename);
        guards.put("path_symlink", (instance, args, chicory) -> Errno.result(Errno.EPERM));
        guards.put("path_link", (instance, args, chicory) -> Errno.result(Errno.EPERM));
        guards.put("fd_readdir", this::readdir);
        guards.put("fd_filestat_get", onFd("fd_filestat_get", false));
        guards.put("fd_filestat_set_times", onFd("fd_filestat_set_times", true));
        guards.put("fd_close", this::close);
        guards.put("fd_renumber", this::renumber);
        return guards;
    }

    /** A call with one path, given as (dirfd, pointer, length) from argument {@code fdArg} and {@code pathArg}. */
    private WasiGuard onePath(String function, int fdArg, int pathArg, Last last, boolean changesFile) {
        return (instance, args, chicory) -> {
            GuestPath path = resolve(instance, args, fdArg, pathArg);
            if (path.isRefused()) {
                return Errno.result(path.errno());
            }
            return directory.locked(function, () -> {
                int errno = checked(path.components(), last, changesFile);
                return errno != Errno.SUCCESS ? Errno.result(errno) : chicory.apply(instance, args);
            });
        };
    }

    /** {@code path_open(dirfd, lookupflags, path, path_len, oflags, rights, rights_inh, fdflags, fd_ptr)}. */
    private long[] open(Instance instance, long[] args, WasmFunctionHandle chicory) {
        GuestPath path = resolve(instance, args, 0, 2);
        if (path.isRefused()) {
            return Errno.result(path.errno());
        }
        return directory.locked("path_open", () -> {
            int errno = checked(path.components(), Last.NO_LINK, true);
            if (errno != Errno.SUCCESS) {
                return Errno.result(errno);
            }
            long[] result = chicory.apply(instance, args);
            if (result[0] == Errno.SUCCESS) {
                fds.opened(instance.memory().readInt((int) GuestMemory.u32(args[8])), path.components());
            }
            return result;
        });
    }

    /** {@code path_filestat_get(dirfd, lookupflags, path, path_len, buf)}: a link itself may be looked at. */
    private long[] filestatGet(Instance instance, long[] args, WasmFunctionHandle chicory) {
        Last last = (args[1] & SYMLINK_FOLLOW) != 0 ? Last.NO_LINK : Last.LINK_ALLOWED;
        return onePath("path_filestat_get", 0, 2, last, false).call(instance, args, chicory);
    }

    /** {@code path_rename(dirfd, path, path_len, new_dirfd, new_path, new_path_len)}: neither path may hold a link. */
    private long[] rename(Instance instance, long[] args, WasmFunctionHandle chicory) {
        GuestPath from = resolve(instance, args, 0, 1);
        if (from.isRefused()) {
            return Errno.result(from.errno());
        }
        GuestPath to = resolve(instance, args, 3, 4);
        if (to.isRefused()) {
            return Errno.result(to.errno());
        }
        return directory.locked("path_rename", () -> {
            int errno = checked(from.components(), Last.NO_LINK, false);
            if (errno == Errno.SUCCESS) {
                errno = checked(to.components(), Last.NO_LINK, false);
            }
            return errno != Errno.SUCCESS ? Errno.result(errno) : chicory.apply(instance, args);
        });
    }

    /**
     * A call on a descriptor that Chicory serves by its path (argument 0): the path is checked again, as what it
     * names may have changed since it was opened. Other descriptors (stdin, stdout, stderr, none) go to Chicory.
     */
    private WasiGuard onFd(String function, boolean changesFile) {
        return (instance, args, chicory) -> {
            List<String> path = fds.pathOf((int) args[0]);
            if (path == null) {
                return chicory.apply(instance, args);
            }
            return directory.locked(function, () -> {
                int errno = checked(path, Last.NO_LINK, changesFile);
                return errno != Errno.SUCCESS ? Errno.result(errno) : chicory.apply(instance, args);
            });
        };
    }

    /** {@code fd_readdir} of a directory in the grant is served here ({@link ConfinedReaddir}), not by Chicory. */
    private long[] readdir(Instance instance, long[] args, WasmFunctionHandle chicory) {
        List<String> path = fds.pathOf((int) args[0]);
        if (path == null) {
            return chicory.apply(instance, args);
        }
        return directory.locked("fd_readdir", () -> {
            int errno = checked(path, Last.NO_LINK, false);
            return Errno.result(
                    errno != Errno.SUCCESS ? errno : ConfinedReaddir.read(instance, directory.hostPath(path), args));
        });
    }

    private long[] close(Instance instance, long[] args, WasmFunctionHandle chicory) {
        long[] result = chicory.apply(instance, args);
        if (result[0] == Errno.SUCCESS) {
            fds.closed((int) args[0]);
        }
        return result;
    }

    private long[] renumber(Instance instance, long[] args, WasmFunctionHandle chicory) {
        long[] result = chicory.apply(instance, args);
        if (result[0] == Errno.SUCCESS) {
            fds.renumbered((int) args[0], (int) args[1]);
        }
        return result;
    }

    /** The path at (pointer, length) arguments {@code pathArg}, {@code pathArg + 1}, against dirfd argument {@code fdArg}. */
    private GuestPath resolve(Instance instance, long[] args, int fdArg, int pathArg) {
        int fd = (int) args[fdArg];
        List<String> base = fds.pathOf(fd);
        if (directory == null || base == null) {
            return GuestPath.refused(fd >= 0 && fd <= 2 ? Errno.ENOTDIR : Errno.EBADF);
        }
        return GuestPath.resolve(instance, base, args[pathArg], args[pathArg + 1]);
    }

    private int checked(List<String> components, Last last, boolean changesFile) {
        int errno = directory.check(components, last);
        return errno == Errno.SUCCESS && changesFile ? directory.checkWritable(components) : errno;
    }
}
