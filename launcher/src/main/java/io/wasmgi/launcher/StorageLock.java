package io.wasmgi.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A container's claim on its storage folder, held for the container's life: a second container started on the
 * same folder is refused instead of cleaning the first one's bundles away under it. The lock is the operating
 * system's (a {@link FileLock}), so it goes with the process however the process ends, SIGKILL included.
 */
final class StorageLock implements AutoCloseable {

    static final String FILE_NAME = ".wasmgi.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StorageLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code storage}, creating it if needed.
     *
     * @throws IOException with a one-line message if another container holds it
     */
    static StorageLock claim(Path storage) throws IOException {
        Path folder = Files.createDirectories(storage.toAbsolutePath());
        FileChannel channel = FileChannel.open(
                folder.resolve(FILE_NAME),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) { // another container of this same JVM
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new IOException("storage folder " + folder + " is in use by another container" + holder
                    + ": give this one a --storage of its own");
        }
        // who holds it, for the message a second container prints
        channel.truncate(0);
        channel.write(
                ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
        return new StorageLock(channel, lock);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(20);
            channel.read(buffer, 0);
            String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,19}") ? " (pid " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Deletes everything the storage folder holds but the lock itself: a clean start, the folder still claimed. */
    void cleanStorage(Path storage) throws IOException {
        Path folder = storage.toAbsolutePath();
        Path lockFile = folder.resolve(FILE_NAME);
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(folder) && !p.equals(lockFile)) {
                    Files.delete(p);
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is going: the system releases the lock with it
        }
    }
}
