package io.wasmgi.wasm.host.internal.sandbox.wasi;

import static io.wasmgi.wasm.host.internal.sandbox.wasi.GuestMemory.fits;
import static io.wasmgi.wasm.host.internal.sandbox.wasi.GuestMemory.u32;
import static io.wasmgi.wasm.host.internal.sandbox.wasi.GuestMemory.u32At;

import java.util.HashMap;
import java.util.Map;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;

/**
 * Bounds on what one WASI call may make the host do, checked before Chicory runs, so that no call runs long
 * or allocates much however hostile its arguments: every buffer and result the call names must lie inside the
 * instance's memory ({@link Errno#EFAULT} otherwise), arrays are short ({@link Errno#EINVAL} past the limit),
 * and one read or write moves at most {@link #MAX_TRANSFER} bytes (less is a short read or write, which
 * wasi-libc and every caller of {@code read}/{@code write} handle).
 */
public final class WasiBounds {

    /** IOV_MAX of POSIX and wasi-libc: {@code readv} and {@code writev} refuse more with EINVAL. */
    static final int MAX_IOVECS = 1024;
    /** Bytes one {@code fd_read}, {@code fd_write}, {@code fd_pread} or {@code fd_pwrite} moves at most. */
    static final int MAX_TRANSFER = 1024 * 1024;
    /** Bytes one {@code random_get} fills at most (wasi-libc's {@code getentropy} asks 256 at most). */
    static final int MAX_RANDOM = 1024 * 1024;
    /** Subscriptions one {@code poll_oneoff} may wait on. */
    static final int MAX_SUBSCRIPTIONS = 64;

    private static final int IOVEC_BYTES = 8;
    private static final int SUBSCRIPTION_BYTES = 48;
    private static final int EVENT_BYTES = 32;

    private WasiBounds() {}

    /**
     * The guards, by WASI function name.
     *
     * @param arguments        how many arguments the plugin is granted
     * @param argumentBytes    their bytes, NULs included
     * @param environment      how many environment variables it is granted
     * @param environmentBytes their bytes, {@code =} and NULs included
     */
    public static Map<String, WasiGuard> guards(
            int arguments, long argumentBytes, int environment, long environmentBytes) {
        Map<String, WasiGuard> guards = new HashMap<>();
        guards.put("fd_write", iovecs(1, 2, 3));
        guards.put("fd_read", iovecs(1, 2, 3));
        guards.put("fd_pwrite", iovecs(1, 2, 4));
        guards.put("fd_pread", iovecs(1, 2, 4));
        guards.put("poll_oneoff", WasiBounds::pollOneoff);
        guards.put("random_get", WasiBounds::randomGet);
        guards.put("args_get", strings(arguments, argumentBytes));
        guards.put("environ_get", strings(environment, environmentBytes));
        guards.put("args_sizes_get", results(0, 4, 1, 4));
        guards.put("environ_sizes_get", results(0, 4, 1, 4));
        guards.put("fd_readdir", buffer(1, 2).then(results(4, 4)));
        guards.put("fd_prestat_dir_name", buffer(1, 2));
        guards.put("path_readlink", buffer(3, 4).then(results(5, 4)));
        guards.put("fd_fdstat_get", results(1, 24));
        guards.put("fd_filestat_get", results(1, 64));
        guards.put("path_filestat_get", results(4, 64));
        guards.put("fd_prestat_get", results(1, 8));
        guards.put("fd_seek", results(3, 8));
        guards.put("fd_tell", results(1, 8));
        guards.put("clock_time_get", results(2, 8));
        guards.put("clock_res_get", results(1, 8));
        guards.put("path_open", results(8, 4));
        return guards;
    }

    /**
     * {@code (fd, iovs, iovs_len, ..., result)}: at most {@link #MAX_IOVECS}, each inside memory, and Chicory
     * given no more than {@link #MAX_TRANSFER} bytes of them: the iovecs that fit, and the next one cut short
     * for the call (its length is put back after).
     */
    static WasiGuard iovecs(int iovsArg, int countArg, int resultArg) {
        return (instance, args, chicory) -> {
            long iovs = u32(args[iovsArg]);
            long count = u32(args[countArg]);
            if (count > MAX_IOVECS) {
                return Errno.result(Errno.EINVAL);
            }
            if (!fits(instance, iovs, count * IOVEC_BYTES) || !fits(instance, u32(args[resultArg]), 4)) {
                return Errno.result(Errno.EFAULT);
            }
            long total = 0;
            int whole = 0;
            long cut = -1; // the bytes taken of iovec number `whole`, if the limit falls inside it
            for (int i = 0; i < count; i++) {
                long base = u32At(instance, iovs + (long) i * IOVEC_BYTES);
                long length = u32At(instance, iovs + (long) i * IOVEC_BYTES + 4);
                if (!fits(instance, base, length)) {
                    return Errno.result(Errno.EFAULT);
                }
                if (cut < 0 && total + length <= MAX_TRANSFER) {
                    total += length;
                    whole++;
                } else if (cut < 0) {
                    cut = MAX_TRANSFER - total;
                }
            }
            if (cut < 0) {
                return chicory.apply(instance, args);
            }
            long[] bounded = args.clone();
            bounded[countArg] = cut == 0 ? whole : whole + 1;
            if (cut == 0) {
                return chicory.apply(instance, bounded);
            }
            Memory memory = instance.memory();
            int lengthAt = (int) (iovs + (long) whole * IOVEC_BYTES + 4);
            int length = memory.readInt(lengthAt);
            memory.writeI32(lengthAt, (int) cut);
            try {
                return chicory.apply(instance, bounded);
            } finally {
                memory.writeI32(lengthAt, length);
            }
        };
    }

    /** {@code (in, out, nsubscriptions, nevents)}: 1 to {@link #MAX_SUBSCRIPTIONS}, all inside memory. */
    private static long[] pollOneoff(Instance instance, long[] args, WasmFunctionHandle chicory) {
        long subscriptions = u32(args[2]);
        if (subscriptions == 0 || subscriptions > MAX_SUBSCRIPTIONS) {
            return Errno.result(Errno.EINVAL);
        }
        if (!fits(instance, u32(args[0]), subscriptions * SUBSCRIPTION_BYTES)
                || !fits(instance, u32(args[1]), subscriptions * EVENT_BYTES)
                || !fits(instance, u32(args[3]), 4)) {
            return Errno.result(Errno.EFAULT);
        }
        return chicory.apply(instance, args);
    }

    /** {@code (buf, len)}: at most {@link #MAX_RANDOM} bytes, inside memory. */
    private static long[] randomGet(Instance instance, long[] args, WasmFunctionHandle chicory) {
        long length = u32(args[1]);
        if (length > MAX_RANDOM) {
            return Errno.result(Errno.EINVAL);
        }
        if (!fits(instance, u32(args[0]), length)) {
            return Errno.result(Errno.EFAULT);
        }
        return chicory.apply(instance, args);
    }

    /** {@code args_get} or {@code environ_get}: the pointer array and the strings Chicory writes, inside memory. */
    private static WasiGuard strings(int count, long bytes) {
        return (instance, args, chicory) ->
                fits(instance, u32(args[0]), 4L * count) && fits(instance, u32(args[1]), bytes)
                        ? chicory.apply(instance, args)
                        : Errno.result(Errno.EFAULT);
    }

    /** A buffer given as (pointer, length) arguments, inside memory. */
    private static WasiGuard buffer(int pointerArg, int lengthArg) {
        return (instance, args, chicory) -> fits(instance, u32(args[pointerArg]), u32(args[lengthArg]))
                ? chicory.apply(instance, args)
                : Errno.result(Errno.EFAULT);
    }

    /** Results written at pointer arguments, given as (argument, bytes) pairs: inside memory before the call acts. */
    private static WasiGuard results(int... argAndBytes) {
        return (instance, args, chicory) -> {
            for (int i = 0; i < argAndBytes.length; i += 2) {
                if (!fits(instance, u32(args[argAndBytes[i]]), argAndBytes[i + 1])) {
                    return Errno.result(Errno.EFAULT);
                }
            }
            return chicory.apply(instance, args);
        };
    }
}
