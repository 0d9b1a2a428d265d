package io.wasmgi.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.wasmgi.testsupport.Await;

/** HTTP to the console of a test's container: on a free loopback port, with a token the test chose. */
final class ConsoleClient {

    static final String TOKEN = "test-token-0123456789abcdefghijklmnopqrstuvwxyz";

    final int port;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ConsoleClient(int port) {
        this.port = port;
    }

    /** A port no one listens on now (never 8080, which a developer's own container may hold). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The framework properties that serve the console on {@code port}, with {@link #TOKEN}. */
    static Map<String, String> config(int port) {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.service.http.port", Integer.toString(port));
        config.put("wasmgi.console.token", TOKEN);
        return config;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String type, byte[] body) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    HttpResponse<String> json(String method, String path, String json) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    /** Waits until the console answers: Felix HTTP starts on its own thread. */
    void awaitUp() throws Exception {
        Await.until("the console answers on port " + port, () -> {
            try {
                return get("/wasmgi/api/plugins").statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }
}
