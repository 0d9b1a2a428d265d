package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.wasmgi.testsupport.Await;
import io.wasmgi.testsupport.PluginJars;
import io.wasmgi.testsupport.Wat;

/**
 * The console's REST API, its event stream and its metrics, against a container of this build's bundles with
 * the console on a free loopback port: real HTTP, real plugins, the host's real events through Event Admin.
 */
class ConsoleApiIT extends InContainerTest {

    private final int port;
    private ConsoleClient console;

    ConsoleApiIT() throws Exception {
        port = ConsoleClient.freePort();
    }

    @Override
    Map<String, String> config() {
        return ConsoleClient.config(port);
    }

    @BeforeEach
    void awaitConsole() throws Exception {
        console = new ConsoleClient(port);
        console.awaitUp();
    }

    @Test
    void everyApiRequestNeedsTheTokenAndNoOriginIsAllowed() throws Exception {
        HttpResponse<String> none = console.send(
                HttpRequest.newBuilder(console.uri("/wasmgi/api/plugins")).GET().build());
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        HttpResponse<String> wrong = console.send(HttpRequest.newBuilder(console.uri("/wasmgi/api/calc"))
                .header("Authorization", "Bearer " + ConsoleClient.TOKEN.replace('t', 'x'))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":7,\"op\":\"*\",\"b\":6}"))
                .build());
        assertEquals(401, wrong.statusCode());
        // a cookie is no token
        HttpResponse<String> cookie = console.send(HttpRequest.newBuilder(console.uri("/wasmgi/api/plugins"))
                .header("Cookie", "token=" + ConsoleClient.TOKEN)
                .GET()
                .build());
        assertEquals(401, cookie.statusCode());
        // a preflight from another site gets no CORS grant, so a browser never sends the real request
        HttpResponse<String> preflight = console.send(HttpRequest.newBuilder(console.uri("/wasmgi/api/plugins"))
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertFalse(
                preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        assertEquals(200, console.get("/wasmgi/api/plugins").statusCode());
        // the metrics are open, as Prometheus expects
        HttpResponse<String> metrics = console.send(
                HttpRequest.newBuilder(console.uri("/metrics")).GET().build());
        assertEquals(200, metrics.statusCode());
    }

    @Test
    void installCalculateAndRemoveARawModule() throws Exception {
        byte[] mul = Files.readAllBytes(TestPaths.pluginModule("mul"));
        HttpResponse<String> installed = console.post("/wasmgi/api/plugins?name=mul.wasm", "application/wasm", mul);
        assertEquals(201, installed.statusCode(), installed.body());
        assertTrue(installed.body().contains("\"state\":\"SERVING\""), installed.body());
        assertTrue(installed.body().contains("\"symbol\":\"*\""), installed.body());
        assertTrue(installed.body().contains("{\"key\":\"timeout\",\"value\":\"1s\",\"origin\":\"default\"}"));
        long id = bundleId(installed.body());

        HttpResponse<String> result = console.json("POST", "/wasmgi/api/calc", "{\"a\":7,\"op\":\"*\",\"b\":6}");
        assertEquals(200, result.statusCode(), result.body());
        assertEquals("{\"result\":42}", result.body());
        assertTrue(console.get("/wasmgi/api/operators").body().contains("\"symbol\":\"*\""));
        HttpResponse<String> plugin = console.get("/wasmgi/api/plugins/" + id);
        assertTrue(plugin.body().contains("\"calls\":1"), plugin.body());

        // the same name again updates the same bundle
        HttpResponse<String> again = console.post("/wasmgi/api/plugins?name=mul.wasm", "application/wasm", mul);
        assertEquals(201, again.statusCode(), again.body());
        assertEquals(id, bundleId(again.body()));

        assertEquals(204, console.delete("/wasmgi/api/plugins/" + id).statusCode());
        assertEquals(404, console.get("/wasmgi/api/plugins/" + id).statusCode());
        assertEquals(404, console.delete("/wasmgi/api/plugins/" + id).statusCode());
        HttpResponse<String> gone = console.json("POST", "/wasmgi/api/calc", "{\"a\":7,\"op\":\"*\",\"b\":6}");
        assertEquals(400, gone.statusCode());
        assertTrue(gone.body().contains("no operator has the symbol '*'"), gone.body());
        assertTrue(context.getBundle(id) == null, "the bundle is uninstalled");
    }

    @Test
    void aFaultIsAnErrorWithItsReasonAndCountedByReason() throws Exception {
        HttpResponse<String> installed = console.post(
                "/wasmgi/api/plugins?name=unreachable.wasm", "application/wasm", Wat.module("unreachable"));
        assertEquals(201, installed.statusCode(), installed.body());
        HttpResponse<String> fault = console.json("POST", "/wasmgi/api/calc", "{\"a\":1,\"op\":\"trap\",\"b\":2}");
        assertEquals(422, fault.statusCode(), fault.body());
        assertTrue(fault.body().contains("\"reason\":\"FAULT\""), fault.body());
        assertTrue(fault.body().contains("unreachable"), fault.body());
        HttpResponse<String> plugins = console.get("/wasmgi/api/plugins");
        assertTrue(plugins.body().contains("\"faults\":{\"FAULT\":1,\"TIMEOUT\":0"), plugins.body());
    }

    @Test
    void badRequestsChangeNothing() throws Exception {
        // not a module
        HttpResponse<String> text =
                console.post("/wasmgi/api/plugins", "application/wasm", "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, text.statusCode(), text.body());
        // a name that is no file name
        HttpResponse<String> name = console.post(
                "/wasmgi/api/plugins?name=../../x.wasm",
                "application/wasm",
                Files.readAllBytes(TestPaths.pluginModule("mul")));
        assertEquals(400, name.statusCode(), name.body());
        // larger than calc:load takes: refused before the body is read
        HttpResponse<String> large =
                console.post("/wasmgi/api/plugins", "application/wasm", new byte[16 * 1024 * 1024 + 1]);
        assertEquals(413, large.statusCode());
        // a module the host refuses: nothing stays installed
        HttpResponse<String> refused = console.post(
                "/wasmgi/api/plugins?name=noexports.wasm", "application/wasm", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0
                });
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("nothing was installed"), refused.body());
        // a bundle with Java code in it is not a plugin bundle
        Path withCode = jar(work.resolve("code.jar"), "Bundle-Activator", "x.Y", "x/Y.class");
        HttpResponse<String> code =
                console.post("/wasmgi/api/plugins", "application/java-archive", Files.readAllBytes(withCode));
        assertEquals(400, code.statusCode(), code.body());
        assertTrue(code.body().contains("Bundle-Activator") || code.body().contains("x/Y.class"), code.body());
        // JSON that is not
        assertEquals(400, console.json("POST", "/wasmgi/api/calc", "{a:7}").statusCode());
        assertEquals(
                400,
                console.json("POST", "/wasmgi/api/calc", "{\"a\":-1,\"op\":\"+\",\"b\":1}")
                        .statusCode());
        assertEquals(
                400,
                console.json("POST", "/wasmgi/api/calc", "{\"a\":1.5,\"op\":\"+\",\"b\":1}")
                        .statusCode());
        assertEquals("[]", console.get("/wasmgi/api/plugins").body());
        // a configuration value the host cannot read
        HttpResponse<String> config =
                console.json("PUT", "/wasmgi/api/config", "{\"key\":\"timeout\",\"value\":\"soon\"}");
        assertEquals(400, config.statusCode(), config.body());
        assertEquals("{}", console.get("/wasmgi/api/config").body());
        // no cluster bundle in this container: its view is not there, and the console works on without it
        HttpResponse<String> cluster = console.get("/wasmgi/api/cluster/plugins");
        assertEquals(404, cluster.statusCode(), cluster.body());
        assertTrue(cluster.body().contains("runs no cluster"), cluster.body());
    }

    @Test
    void aPluginBundleInstallsAsAJar() throws Exception {
        HttpResponse<String> installed = console.post(
                "/wasmgi/api/plugins", "application/java-archive", Files.readAllBytes(TestPaths.plugin("add")));
        assertEquals(201, installed.statusCode(), installed.body());
        assertTrue(installed.body().contains("\"symbolicName\":\"io.wasmgi.plugin.add\""), installed.body());
        assertEquals(
                "{\"result\":13}",
                console.json("POST", "/wasmgi/api/calc", "{\"a\":6,\"op\":\"+\",\"b\":7}")
                        .body());
    }

    @Test
    void configurationIsReadAndSetAsCalcConfigDoes() throws Exception {
        HttpResponse<String> set =
                console.json("PUT", "/wasmgi/api/config", "{\"key\":\"timeout\",\"value\":\"250ms\"}");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(
                "{\"timeout\":\"250ms\"}", console.get("/wasmgi/api/config").body());
        HttpResponse<String> capped =
                console.json("PUT", "/wasmgi/api/config", "{\"key\":\"pool.size\",\"value\":\"99\"}");
        assertEquals(200, capped.statusCode(), capped.body());
        assertTrue(capped.body().contains("\"value\":\"16\""), capped.body());
        HttpResponse<String> removed =
                console.json("PUT", "/wasmgi/api/config", "{\"key\":\"timeout\",\"value\":null}");
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals("{\"pool.size\":\"16\"}", console.get("/wasmgi/api/config").body());
    }

    @Test
    void theEventStreamTellsOfEachLifecycleChangeAndFault() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readEvents(events), "event-stream-reader");
        reader.setDaemon(true);
        reader.start();
        Await.until("the stream is open", () -> events.contains("open"));

        HttpResponse<String> installed = console.post(
                "/wasmgi/api/plugins?name=unreachable.wasm", "application/wasm", Wat.module("unreachable"));
        long id = bundleId(installed.body());
        String serving = next(events, "SERVING");
        assertTrue(serving.contains("\"bundleId\":" + id) && serving.contains("\"symbol\":\"trap\""), serving);

        console.json("POST", "/wasmgi/api/calc", "{\"a\":1,\"op\":\"trap\",\"b\":2}");
        String fault = next(events, "FAULT");
        assertTrue(fault.contains("\"faultReason\":\"FAULT\"") && fault.contains("unreachable"), fault);

        console.delete("/wasmgi/api/plugins/" + id);
        String removed = next(events, "REMOVED");
        assertTrue(removed.contains("\"bundleId\":" + id), removed);

        // a plugin bundle the host refuses
        Path refused =
                PluginJars.write(work, "io.wasmgi.test.refused", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, Map.of());
        install(refused);
        String refusal = next(events, "REFUSED");
        assertTrue(refusal.contains("io.wasmgi.test.refused") && refusal.contains("\"reason\":"), refusal);
        reader.interrupt();
    }

    @Test
    void metricsShowEachPluginsCallsFaultsTimesMemoryAndTheJvm() throws Exception {
        console.post(
                "/wasmgi/api/plugins?name=mul.wasm",
                "application/wasm",
                Files.readAllBytes(TestPaths.pluginModule("mul")));
        for (int i = 0; i < 200; i++) {
            console.json("POST", "/wasmgi/api/calc", "{\"a\":" + i + ",\"op\":\"*\",\"b\":3}");
        }
        String metrics = console.send(
                        HttpRequest.newBuilder(console.uri("/metrics")).GET().build())
                .body();
        assertTrue(metrics.contains("wasmgi_plugin_calls_total{bundle_id=\""), metrics);
        assertTrue(
                Pattern.compile("wasmgi_plugin_calls_total\\{[^}]*plugin=\"wasm.mul\"[^}]*\\} 200")
                        .matcher(metrics)
                        .find(),
                metrics);
        assertTrue(metrics.contains("reason=\"TIMEOUT\""), metrics);
        assertTrue(metrics.contains("wasmgi_plugin_call_duration_seconds_bucket{"), metrics);
        Matcher count = Pattern.compile("wasmgi_plugin_call_duration_seconds_count\\{[^}]*\\} (\\d+)")
                .matcher(metrics);
        assertTrue(count.find() && Long.parseLong(count.group(1)) >= 3, "one call in 64 is timed: " + metrics);
        assertTrue(metrics.contains("wasmgi_plugin_memory_bytes{"), metrics);
        assertTrue(metrics.contains("wasmgi_plugins{state=\"serving\"} 1"), metrics);
        assertTrue(metrics.contains("wasmgi_plugin_load_duration_seconds_count{outcome=\"serving\"} 1"), metrics);
        assertTrue(metrics.contains("jvm_memory_used_bytes"), metrics);
    }

    /** Reads the event stream into {@code events} ("open" first), until the test ends. */
    private void readEvents(BlockingQueue<String> events) {
        try {
            HttpResponse<InputStream> stream = console.http.send(
                    console.request("/wasmgi/api/events").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            events.add("open");
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data: ")) {
                        events.add(line.substring(6));
                    }
                }
            }
        } catch (Exception stopped) {
            // the container stopped: the test is over
        }
    }

    private static String next(BlockingQueue<String> events, String type) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            String event = events.poll(1, TimeUnit.SECONDS);
            if (event != null && event.contains("\"type\":\"" + type + "\"")) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " event within 30 s; left: " + events);
    }

    static long bundleId(String json) {
        Matcher id = Pattern.compile("\"bundleId\":(\\d+)").matcher(json);
        assertTrue(id.find(), json);
        return Long.parseLong(id.group(1));
    }

    /** A jar with one header besides the plugin's, and one entry. */
    private static Path jar(Path path, String header, String value, String entry) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.wasmgi.test.code");
        main.putValue("Wasm-Plugin", "plugin.wasm");
        main.putValue(header, value);
        try (OutputStream file = Files.newOutputStream(path);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        }
        return path;
    }
}
