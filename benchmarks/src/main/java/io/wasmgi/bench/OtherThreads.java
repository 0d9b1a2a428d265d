package io.wasmgi.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of every thread of this process but the calling one, from Linux's
 * {@code /proc/self/task/TID/schedstat} (its first field: ns on a CPU). It counts the JVM's own threads too
 * (the JIT compilers, the garbage collector), which {@code ThreadMXBean} does not list. A thread that is running
 * is counted as of its last scheduler tick (4 ms here), a sleeping one exactly: read it around many calls, not
 * one.
 */
final class OtherThreads {

    private static final Path TASKS = Path.of("/proc/self/task");

    private final String self;

    /** For the calling thread: the threads other than this one. */
    OtherThreads() throws IOException {
        // /proc/thread-self links to PID/task/TID
        self = Files.readSymbolicLink(Path.of("/proc/thread-self"))
                .getFileName()
                .toString();
    }

    /** Whether this Linux has the files (a JVM elsewhere measures without them). */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/thread-self/schedstat"));
    }

    /**
     * ns on a CPU of each other thread since it started, by "TID name" (threads that have ended are not
     * counted).
     */
    Map<String, Long> cpuNanos() throws IOException {
        Map<String, Long> nanos = new HashMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String tid = task.getFileName().toString();
                if (!tid.equals(self)) {
                    try {
                        String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8)
                                .strip();
                        nanos.put(tid + " " + name, onCpuNanos(task));
                    } catch (NoSuchFileException ended) {
                        // gone between the listing and the read
                    }
                }
            }
        }
        return nanos;
    }

    /** The total of {@code after} less {@code before}, thread by thread (a thread new in after counts whole). */
    static long sinceNanos(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L))
                .sum();
    }

    /** The thread that used most CPU from {@code before} to {@code after}, with its ms, for a report. */
    static String busiest(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .max(Comparator.comparingLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .map(e -> String.format(
                        Locale.ROOT,
                        "%s %.1f ms",
                        e.getKey(),
                        (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e6))
                .orElse("none");
    }

    private static long onCpuNanos(Path task) throws IOException {
        String line = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII);
        return Long.parseLong(line.substring(0, line.indexOf(' ')));
    }
}
