package io.wasmgi.wasm.host.internal.sandbox.wasi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The file descriptors of one instance that name something in the granted directory, each with the path
 * Chicory keeps for it (as components from the root), so that a {@code path_*} call relative to it is checked
 * from the root, and a call on it by path ({@code fd_filestat_get}, {@code fd_readdir}) is checked again.
 * Kept in step with Chicory's table: added by {@code path_open}, moved by {@code fd_renumber}, dropped by
 * {@code fd_close}. One instance is used by one thread at a time: no locking.
 */
public final class DirectoryFds {

    /**
     * The descriptor of the granted directory: Chicory numbers stdin, stdout and stderr 0 to 2, then the
     * preopened directories in order, and a plugin is granted one at most.
     */
    static final int PREOPENED = 3;

    private final Map<Integer, List<String>> paths = new HashMap<>();

    /** No directory granted: no descriptor names one. */
    static DirectoryFds none() {
        return new DirectoryFds();
    }

    /** The granted directory open as {@link #PREOPENED}. */
    static DirectoryFds granted() {
        DirectoryFds fds = new DirectoryFds();
        fds.paths.put(PREOPENED, List.of());
        return fds;
    }

    /** The path of {@code fd}, or null if it names nothing in the granted directory. */
    List<String> pathOf(int fd) {
        return paths.get(fd);
    }

    void opened(int fd, List<String> components) {
        paths.put(fd, components);
    }

    void closed(int fd) {
        paths.remove(fd);
    }

    /** {@code fd_renumber(from, to)} succeeded: {@code to} now is what {@code from} was, and {@code from} is closed. */
    void renumbered(int from, int to) {
        if (from == to) {
            return;
        }
        List<String> moved = paths.remove(from);
        if (moved == null) {
            paths.remove(to);
        } else {
            paths.put(to, moved);
        }
    }
}
