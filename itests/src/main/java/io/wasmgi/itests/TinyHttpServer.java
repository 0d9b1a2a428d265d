package io.wasmgi.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP/1.0 server on the loopback interface that serves fixed bodies by path and answers 404 otherwise: enough
 * for calc:load of a URL, with nothing outside {@code java.*} (the JDK's com.sun.net.httpserver is not exported by
 * every framework).
 */
final class TinyHttpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Map<String, byte[]> bodies;
    private final Thread acceptor;

    TinyHttpServer(Map<String, byte[]> bodies) throws IOException {
        this.socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.bodies = Map.copyOf(bodies);
        this.acceptor = new Thread(this::serve, "tiny-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String base() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                answer(client);
            } catch (IOException closedOrBroken) {
                // closed: the loop ends; a broken exchange: the client sees it
            }
        }
    }

    private void answer(Socket client) throws IOException {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
        String requestLine = in.readLine();
        for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
            // the headers are not needed
        }
        String[] parts = requestLine == null ? new String[0] : requestLine.split(" ");
        byte[] body = parts.length > 1 ? bodies.get(parts[1]) : null;
        OutputStream out = client.getOutputStream();
        if (body == null) {
            out.write("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.write(
                    ("HTTP/1.0 200 OK\r\nContent-Type: application/wasm\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
        }
        out.flush();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        acceptor.join(5000);
    }
}
