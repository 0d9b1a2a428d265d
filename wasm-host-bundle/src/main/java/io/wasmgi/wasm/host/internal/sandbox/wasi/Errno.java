package io.wasmgi.wasm.host.internal.sandbox.wasi;

/**
 * The WASI preview 1 error codes the host's guards return (Chicory's own enum is not public). A guard that
 * refuses a call returns one of these as the function's result, as Chicory would, rather than trapping:
 * wasi-libc turns it into {@code errno} and the plugin decides what to do.
 */
public final class Errno {

    static final int SUCCESS = 0;
    static final int EACCES = 2;
    static final int EBADF = 8;
    static final int EFAULT = 21;
    static final int EINVAL = 28;
    static final int ENAMETOOLONG = 37;
    static final int ENOENT = 44;
    static final int ENOTDIR = 54;
    /** Every refusal of the directory confinement: a path that would leave the grant or could not be proved not to. */
    static final int EPERM = 63;

    private Errno() {}

    /** A host function's result holding {@code errno}. */
    static long[] result(int errno) {
        return new long[] {errno};
    }
}
