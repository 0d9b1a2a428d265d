package io.wasmgi.wasm.host.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** Every source a module can be read from, hostile ones included: each is refused quickly, with its reason. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BoundedModuleReaderTest {

    private static final int LIMIT = 16 * 1024 * 1024;
    private static final byte[] MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};

    @TempDir
    Path dir;

    private final BoundedModuleReader reader =
            new BoundedModuleReader(LIMIT, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(3));
    private HttpServer server;
    private final CountDownLatch stop = new CountDownLatch(1);

    @AfterEach
    void stopServer() {
        stop.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private String refusal(Path path) {
        return assertThrows(ModuleReadException.class, () -> reader.read(path)).getMessage();
    }

    private String refusal(URI uri) {
        return assertThrows(ModuleReadException.class, () -> reader.read(uri)).getMessage();
    }

    @Test
    void aRegularFileIsReadByPathAndByFileUrl() throws Exception {
        Path module = Files.write(dir.resolve("m.wasm"), MODULE);
        assertArrayEquals(MODULE, reader.read(module));
        assertArrayEquals(MODULE, reader.read(module.toUri()));
        Path link = Files.createSymbolicLink(dir.resolve("link.wasm"), module);
        assertArrayEquals(MODULE, reader.read(link), "a link to a regular file is fine");
    }

    @Test
    void devicesAndLinksToThemAreRefusedUnopened() throws Exception {
        assertEquals("it is a character device, not a regular file", refusal(Path.of("/dev/zero")));
        assertEquals("it is a character device, not a regular file", refusal(URI.create("file:/dev/zero")));
        Path link = Files.createSymbolicLink(dir.resolve("zero.wasm"), Path.of("/dev/zero"));
        assertEquals("it is a character device, not a regular file (it is /dev/zero)", refusal(link));
        Path chain = Files.createSymbolicLink(dir.resolve("chain.wasm"), link);
        assertTrue(refusal(chain).startsWith("it is a character device"), refusal(chain));
    }

    @Test
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("fifo.wasm");
        Process mkfifo =
                new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        assertEquals("it is a FIFO, not a regular file", refusal(fifo));
    }

    @Test
    void aSocketIsRefused() throws Exception {
        Path socket = dir.resolve("socket.wasm");
        try (java.nio.channels.ServerSocketChannel server =
                java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
            assertEquals("it is a socket, not a regular file", refusal(socket));
        }
    }

    @Test
    void aDirectoryAndAMissingFileAreRefused() {
        assertEquals("it is a directory, not a file", refusal(dir));
        assertEquals("no such file", refusal(dir.resolve("nowhere.wasm")));
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedByItsSizeUnread() throws Exception {
        Path sparse = dir.resolve("sparse.wasm");
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(17L * 1024 * 1024);
        }
        long start = System.nanoTime();
        assertEquals("it is 17825792 bytes, larger than the limit of 16777216 bytes", refusal(sparse));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "refused without reading");
        Path exact = dir.resolve("exact.wasm");
        try (RandomAccessFile file = new RandomAccessFile(exact.toFile(), "rw")) {
            file.setLength(LIMIT);
        }
        assertEquals(LIMIT, reader.read(exact).length, "the limit itself is allowed");
    }

    @Test
    void otherUrlSchemesAreRefused() {
        assertTrue(refusal(URI.create("jar:file:/x.jar!/m.wasm")).startsWith("the URL scheme 'jar' is not supported"));
        assertTrue(refusal(URI.create("ftp://127.0.0.1/m.wasm")).startsWith("the URL scheme 'ftp'"));
    }

    private URI serve(String path, com.sun.net.httpserver.HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, handler);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aModuleIsReadFromHttp() throws Exception {
        URI uri = serve("/m.wasm", exchange -> {
            exchange.sendResponseHeaders(200, MODULE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(MODULE);
            }
        });
        assertArrayEquals(MODULE, reader.read(uri));
    }

    @Test
    void a404SaysWhatHappened() throws Exception {
        URI uri = serve("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        assertEquals("the server answered HTTP 404 (not found)", refusal(uri.resolve("/missing.wasm")));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        URI uri = serve("/", exchange -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        assertEquals("no answer within 2 s", refusal(uri));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void aServerThatStreamsForeverIsCutAtTheLimit() throws Exception {
        URI uri = serve("/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (stop.getCount() > 0) {
                    out.write(chunk);
                }
            } catch (IOException clientGone) {
                // the reader gave up, as it should
            }
        });
        assertEquals("the answer is larger than the limit of 16777216 bytes", refusal(uri));
    }

    @Test
    void aServerThatTricklesIsStoppedByTheOverallBound() throws Exception {
        URI uri = serve("/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (!stop.await(100, TimeUnit.MILLISECONDS)) {
                    out.write(0);
                    out.flush();
                }
            } catch (IOException | InterruptedException clientGone) {
                // the reader gave up, as it should
            }
        });
        long start = System.nanoTime();
        assertEquals("no complete answer within 3 s", refusal(uri));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aWaitForAnAnswerCanBeInterrupted() throws Exception {
        URI uri = serve("/", exchange -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        BoundedModuleReader patient =
                new BoundedModuleReader(LIMIT, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60));
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        assertThrows(InterruptedException.class, () -> patient.read(uri));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void wasmMagicIsCheckedPlainly() throws Exception {
        WasmMagic.check(MODULE);
        assertEquals(
                "it is empty",
                assertThrows(ModuleReadException.class, () -> WasmMagic.check(new byte[0]))
                        .getMessage());
        assertEquals(
                "it is not a wasm module: it does not start with \\0asm and version 1",
                assertThrows(
                                ModuleReadException.class,
                                () -> WasmMagic.check("#include <stdint.h>".getBytes(StandardCharsets.US_ASCII)))
                        .getMessage());
        assertThrows(ModuleReadException.class, () -> WasmMagic.check(new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0}));
    }
}
