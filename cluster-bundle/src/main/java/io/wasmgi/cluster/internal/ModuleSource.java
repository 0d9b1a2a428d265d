package io.wasmgi.cluster.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads a module for {@code cluster:load} with the bounds {@code calc:load} has: a regular file or an HTTP(S)
 * answer only, at most 16 MiB, starting with the wasm magic. The plugin's name comes from the file name, built
 * from an allow-list.
 */
final class ModuleSource {

    static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};

    private ModuleSource() {}

    /** A module and its name (the file name without {@code .wasm}, lower case). */
    static final class Module {
        private final String name;
        private final byte[] bytes;

        Module(String name, byte[] bytes) {
            this.name = name;
            this.bytes = bytes;
        }

        String name() {
            return name;
        }

        byte[] bytes() {
            return bytes;
        }
    }

    static Module read(String source) throws IOException, InterruptedException {
        boolean url = source.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*");
        byte[] bytes;
        String path;
        if (url) {
            URI uri;
            try {
                uri = URI.create(source);
            } catch (IllegalArgumentException e) {
                throw new IOException("it is not a URL");
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("file")) {
                Path file = Path.of(uri);
                bytes = readFile(file);
                path = file.getFileName().toString();
            } else if (scheme.equals("http") || scheme.equals("https")) {
                bytes = readHttp(uri);
                path = uri.getPath() == null ? "" : uri.getPath();
            } else {
                throw new IOException("only file:, http: and https: URLs are read");
            }
        } else {
            Path file = Path.of(source).toAbsolutePath().normalize();
            bytes = readFile(file);
            path = file.getFileName() == null ? "" : file.getFileName().toString();
        }
        if (bytes.length < MAGIC.length
                || bytes[0] != MAGIC[0]
                || bytes[1] != MAGIC[1]
                || bytes[2] != MAGIC[2]
                || bytes[3] != MAGIC[3]) {
            throw new IOException(bytes.length == 0 ? "it is empty" : "it is not a wasm module (no \\0asm magic)");
        }
        return new Module(name(path.substring(path.lastIndexOf('/') + 1)), bytes);
    }

    /** {@code add.wasm} is {@code add}: 1 to 64 of {@code a-z 0-9 _ -}, or the module is refused. */
    static String name(String fileName) throws IOException {
        String base = fileName.toLowerCase(Locale.ROOT);
        if (base.endsWith(".wasm")) {
            base = base.substring(0, base.length() - ".wasm".length());
        }
        if (!base.matches("[a-z0-9_-]{1,64}")) {
            throw new IOException("its file name must be 1 to 64 of a-z, 0-9, '_', '-' (then .wasm): the plugin's"
                    + " name on every member");
        }
        return base;
    }

    private static byte[] readFile(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new IOException("it is not a regular file");
        }
        if (attributes.size() > MAX_BYTES) {
            throw new IOException("it is larger than " + MAX_BYTES + " bytes");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return bounded(in);
        }
    }

    private static byte[] readHttp(URI uri) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("the server answered " + response.statusCode());
            }
            return bounded(in);
        }
    }

    private static byte[] bounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IOException("it is larger than " + MAX_BYTES + " bytes");
        }
        return bytes;
    }
}
