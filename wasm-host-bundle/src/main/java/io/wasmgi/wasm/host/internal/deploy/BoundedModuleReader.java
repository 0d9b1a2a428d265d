package io.wasmgi.wasm.host.internal.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.wasmgi.wasm.host.internal.config.SandboxLimits;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * Reads a raw module from a path or a URL, none of which is trusted: at most the module size limit plus one
 * byte from any source, in bounded time, and only from a regular file or an HTTP(S) answer. Devices, FIFOs,
 * sockets and directories are refused before they are opened (also behind a symbolic link); a file larger than
 * the limit is refused by its size, unread. Reading can be interrupted: a file is read through an interruptible
 * channel, an HTTP answer is waited for interruptibly.
 */
public final class BoundedModuleReader {

    private final int maxBytes;
    private final Duration connectTimeout;
    private final Duration answerTimeout;
    private final Duration overallTimeout;
    private volatile HttpClient http;

    /**
     * @param maxBytes       the largest module accepted
     * @param connectTimeout how long a connection to a server may take
     * @param answerTimeout  how long a server may take to answer once connected
     * @param overallTimeout how long reading from a URL may take, all told
     */
    BoundedModuleReader(int maxBytes, Duration connectTimeout, Duration answerTimeout, Duration overallTimeout) {
        this.maxBytes = maxBytes;
        this.connectTimeout = connectTimeout;
        this.answerTimeout = answerTimeout;
        this.overallTimeout = overallTimeout;
    }

    /** The sandbox's module limit (16 MiB), 10 s to connect, 10 s to answer, 30 s in all. */
    public static BoundedModuleReader defaults() {
        return new BoundedModuleReader(
                SandboxLimits.MAX_MODULE_BYTES, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Reads from a {@code file:}, {@code http:} or {@code https:} URL; a {@code file:} URL as a path. */
    public byte[] read(URI uri) throws ModuleReadException, InterruptedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                try {
                    return read(Path.of(uri));
                } catch (IllegalArgumentException e) {
                    throw new ModuleReadException("not a local file URL: " + e.getMessage(), e);
                }
            case "http":
            case "https":
                return readHttp(uri);
            default:
                throw new ModuleReadException("the URL scheme '" + InertText.of(scheme)
                        + "' is not supported: give a path, or a file:, http: or https: URL");
        }
    }

    /** Reads a regular file (a symbolic link is followed, and what it leads to must be a regular file). */
    public byte[] read(Path path) throws ModuleReadException, InterruptedException {
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ModuleReadException("no such file");
        } catch (AccessDeniedException e) {
            throw new ModuleReadException("permission denied");
        } catch (IOException e) {
            throw new ModuleReadException("cannot read it: " + e.getMessage(), e);
        }
        try {
            // the real path, its attributes not followed: what is checked is what is opened
            BasicFileAttributes file = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (file.isDirectory()) {
                throw new ModuleReadException("it is a directory, not a file");
            }
            if (!file.isRegularFile()) {
                boolean linked = !real.equals(path.toAbsolutePath().normalize());
                throw new ModuleReadException(
                        "it is " + kindOf(real) + ", not a regular file" + (linked ? " (it is " + real + ")" : ""));
            }
            if (file.size() > maxBytes) {
                throw new ModuleReadException(
                        "it is " + file.size() + " bytes, larger than the limit of " + maxBytes + " bytes");
            }
            try (FileChannel channel = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                return readAtMost(channel);
            }
        } catch (ClosedByInterruptException e) {
            Thread.interrupted(); // as any InterruptedException: the interrupt is now the caller's to handle
            throw new InterruptedException("interrupted while reading " + path);
        } catch (AccessDeniedException e) {
            throw new ModuleReadException("permission denied");
        } catch (IOException e) {
            throw new ModuleReadException("cannot read it: " + e.getMessage(), e);
        }
    }

    /** At most {@code maxBytes} from the channel: one byte more means the file grew past the limit. */
    private byte[] readAtMost(FileChannel channel) throws IOException, ModuleReadException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (true) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), maxBytes + 1L - out.size()));
            int n = channel.read(buffer);
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buffer.array(), 0, n);
            if (out.size() > maxBytes) {
                throw new ModuleReadException("it is larger than the limit of " + maxBytes + " bytes");
            }
        }
    }

    /** What a file that is neither a directory nor a regular file is, for the message. */
    private static String kindOf(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            switch (mode & 0170000) {
                case 0010000:
                    return "a FIFO";
                case 0020000:
                    return "a character device";
                case 0060000:
                    return "a block device";
                case 0140000:
                    return "a socket";
                default:
                    return "a special file";
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    private byte[] readHttp(URI uri) throws ModuleReadException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(answerTimeout).GET().build();
        CompletableFuture<HttpResponse<byte[]>> response =
                client().sendAsync(request, answer -> new LimitedBody(answer.statusCode(), maxBytes));
        try {
            return response.get(overallTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .body();
        } catch (TimeoutException e) {
            throw new ModuleReadException("no complete answer within " + seconds(overallTimeout));
        } catch (ExecutionException e) {
            throw reason(e.getCause());
        } finally {
            // on a timeout, an interruption or a refusal, the exchange is given up, not left to run
            response.cancel(true);
        }
    }

    private ModuleReadException reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ModuleReadException) {
                return (ModuleReadException) t;
            }
            if (t instanceof LimitedBody.Refused) {
                return new ModuleReadException(t.getMessage());
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new ModuleReadException("cannot connect within " + seconds(connectTimeout));
            }
            if (t instanceof HttpTimeoutException) {
                return new ModuleReadException("no answer within " + seconds(answerTimeout));
            }
            if (t instanceof ConnectException) {
                return new ModuleReadException("cannot connect: connection refused");
            }
        }
        return new ModuleReadException("cannot read it: " + failure, failure);
    }

    private HttpClient client() {
        HttpClient client = http;
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            http = client;
        }
        return client;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** An HTTP answer's body, given up as soon as it is not a success or grows past the limit. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

        /** Unchecked, to pass through the HTTP client's futures. */
        static final class Refused extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Refused(String message) {
                super(message, null, false, false);
            }
        }

        private final int status;
        private final int maxBytes;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(int status, int maxBytes) {
            this.status = status;
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (status / 100 != 2) {
                refuse("the server answered HTTP " + status + describe(status));
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > maxBytes) {
                    refuse("the answer is larger than the limit of " + maxBytes + " bytes");
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        private void refuse(String reason) {
            subscription.cancel();
            body.completeExceptionally(new Refused(reason));
        }

        private static String describe(int status) {
            switch (status) {
                case 401:
                case 403:
                    return " (access denied)";
                case 404:
                    return " (not found)";
                default:
                    return status >= 500 ? " (server error)" : "";
            }
        }
    }
}
