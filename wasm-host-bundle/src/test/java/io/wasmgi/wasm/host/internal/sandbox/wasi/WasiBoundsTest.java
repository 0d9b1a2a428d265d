package io.wasmgi.wasm.host.internal.sandbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Every WASI function that takes an array or a buffer is bounded before Chicory runs: hostile counts, lengths
 * and pointers get an errno, never a trap, a long call or a large allocation. The module re-exports WASI, so
 * each test is a plugin calling it with the arguments shown. Its memory is 64 pages: 4 MiB.
 */
class WasiBoundsTest {

    private static final int MEMORY = 64 * 65536;
    private static final long MIB = 1024 * 1024;

    @Test
    void iovecArraysLongerThanIovMaxAreEinval() {
        try (WasiHarness wasi = WasiHarness.of("reexport")) {
            assertEquals(Errno.EINVAL, wasi.call("fd_write", 1, 0x1000, 1025, 0x100));
            assertEquals(Errno.EINVAL, wasi.call("fd_write", 1, 0x1000, 100_000_000, 0x100));
            assertEquals(Errno.EINVAL, wasi.call("fd_write", 1, 0x1000, 0xffffffffL, 0x100));
            assertEquals(Errno.EINVAL, wasi.call("fd_read", 0, 0x1000, 1025, 0x100));
            assertEquals(Errno.EINVAL, wasi.call("fd_pwrite", 1, 0x1000, 5000, 0, 0x100));
            assertEquals(Errno.EINVAL, wasi.call("fd_pread", 0, 0x1000, 5000, 0, 0x100));
            assertEquals(Errno.SUCCESS, wasi.call("fd_write", 1, 0x1000, 1024, 0x100), "1024 empty iovecs are fine");
        }
    }

    @Test
    void iovecsOutsideMemoryAreEfault() {
        try (WasiHarness wasi = WasiHarness.of("reexport")) {
            // the array itself past the end, or wrapping round 4 GiB
            assertEquals(Errno.EFAULT, wasi.call("fd_write", 1, MEMORY - 4, 1, 0x100));
            assertEquals(Errno.EFAULT, wasi.call("fd_write", 1, 0xfffffff8L, 2, 0x100));
            // a buffer past the end; 2 GiB; the last byte just outside
            wasi.iovec(0x1000, 0x2000, 0x80000000);
            assertEquals(Errno.EFAULT, wasi.call("fd_read", 0, 0x1000, 1, 0x100), "2 GiB: no allocation, EFAULT");
            assertEquals(Errno.EFAULT, wasi.call("fd_write", 1, 0x1000, 1, 0x100));
            wasi.iovec(0x1000, MEMORY - 16, 17);
            assertEquals(Errno.EFAULT, wasi.call("fd_write", 1, 0x1000, 1, 0x100));
            wasi.iovec(0x1000, 0xfffffff0, 0x20);
            assertEquals(Errno.EFAULT, wasi.call("fd_write", 1, 0x1000, 1, 0x100));
            // a bad iovec after good ones: refused before anything is written
            wasi.iovec(0x1000, 0x2000, 4);
            wasi.iovec(0x1008, 0x7fffffff, 4);
            assertEquals(Errno.EFAULT, wasi.call("fd_write", 1, 0x1000, 2, 0x100));
            // the result outside
            wasi.iovec(0x1000, 0x2000, 4);
            assertEquals(Errno.EFAULT, wasi.call("fd_write", 1, 0x1000, 1, MEMORY - 2));
            assertEquals(Errno.EFAULT, wasi.call("fd_pread", 0, 0x1000, 1, 0, 0xffffffffL));
        }
    }

    @Test
    void oneWriteMovesAtMostOneMebibyteAsAShortWrite() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (WasiHarness wasi = WasiHarness.of("reexport", Optional.empty(), stdout)) {
            wasi.iovec(0x1000, 0x10000, 3 * (int) MIB);
            assertEquals(Errno.SUCCESS, wasi.call("fd_write", 1, 0x1000, 1, 0x100));
            assertEquals(MIB, wasi.i32(0x100), "nwritten: a short write of 1 MiB");
            assertEquals(MIB, stdout.size());
            assertEquals(3 * MIB, wasi.i32(0x1004), "the plugin's iovec is as it was");

            // 1024 iovecs of 1 MiB: the first whole
            stdout.reset();
            for (int i = 0; i < 1024; i++) {
                wasi.iovec(0x1000 + 8 * i, 0x10000, (int) MIB);
            }
            assertEquals(Errno.SUCCESS, wasi.call("fd_write", 1, 0x1000, 1024, 0x100));
            assertEquals(MIB, wasi.i32(0x100));
            assertEquals(MIB, stdout.size());

            // 3 iovecs of 600 KiB: the first, and 424 KiB of the second
            stdout.reset();
            for (int i = 0; i < 3; i++) {
                wasi.iovec(0x1000 + 8 * i, 0x10000, 600 * 1024);
            }
            assertEquals(Errno.SUCCESS, wasi.call("fd_write", 1, 0x1000, 3, 0x100));
            assertEquals(MIB, wasi.i32(0x100));
            assertEquals(600 * 1024, wasi.i32(0x1000 + 8 + 4), "the second iovec's length is put back");
        }
    }

    @Test
    void pollOneoffTakesOneToSixtyFourSubscriptionsInsideMemory() {
        try (WasiHarness wasi = WasiHarness.of("reexport")) {
            assertEquals(Errno.EINVAL, wasi.call("poll_oneoff", 0x1000, 0x8000, 0, 0x100));
            assertEquals(Errno.EINVAL, wasi.call("poll_oneoff", 0x1000, 0x8000, 65, 0x100));
            assertEquals(Errno.EINVAL, wasi.call("poll_oneoff", 0x1000, 0x8000, 0x7fffffff, 0x100));
            assertEquals(Errno.EFAULT, wasi.call("poll_oneoff", MEMORY - 40, 0x8000, 1, 0x100));
            assertEquals(Errno.EFAULT, wasi.call("poll_oneoff", 0x1000, MEMORY - 16, 1, 0x100));
            assertEquals(Errno.EFAULT, wasi.call("poll_oneoff", 0x1000, 0x8000, 1, MEMORY));
            // a clock subscription of 1 ms: answered
            wasi.memory().writeI32(0x1000 + 16, 1);
            wasi.memory().writeLong(0x1000 + 24, 1_000_000);
            assertEquals(Errno.SUCCESS, wasi.call("poll_oneoff", 0x1000, 0x8000, 1, 0x100));
            assertEquals(1, wasi.i32(0x100), "one event");
        }
    }

    @Test
    void randomGetAndArgumentBuffersAreBounded() {
        try (WasiHarness wasi = WasiHarness.of("reexport")) {
            assertEquals(Errno.SUCCESS, wasi.call("random_get", 0x1000, 256));
            assertEquals(Errno.EINVAL, wasi.call("random_get", 0, 2 * MIB));
            assertEquals(Errno.EINVAL, wasi.call("random_get", 0, 0xffffffffL));
            assertEquals(Errno.EFAULT, wasi.call("random_get", MEMORY - 8, 16));
            assertEquals(Errno.EFAULT, wasi.call("args_sizes_get", MEMORY - 2, 0x100));
            assertEquals(Errno.EFAULT, wasi.call("args_sizes_get", 0x100, 0xfffffffcL));
            assertEquals(Errno.SUCCESS, wasi.call("args_sizes_get", 0x100, 0x104));
            assertEquals(0, wasi.i32(0x100), "no argument is granted");
            assertEquals(Errno.EFAULT, wasi.call("args_get", MEMORY + 1, 0));
            assertEquals(Errno.EFAULT, wasi.call("environ_get", 0, 0xffffffffL));
            assertEquals(Errno.EFAULT, wasi.call("clock_time_get", 1, 0, MEMORY - 4));
            assertEquals(Errno.EFAULT, wasi.call("fd_prestat_dir_name", 3, MEMORY - 2, 4));
            assertEquals(Errno.EFAULT, wasi.call("fd_readdir", 3, 0x1000, 0x7fffffff, 0, 0x100));
        }
    }
}
