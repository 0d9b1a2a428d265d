package io.wasmgi.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.wasm.host.api.PluginHost;
import io.wasmgi.wasm.host.api.PluginHostException;
import io.wasmgi.wasm.host.api.PluginView;

/**
 * The REST API under {@code /wasmgi/api/}: every request carries the console's token, or is refused before
 * anything else is read. No CORS headers are ever sent, so a page of another origin can neither read an answer
 * nor send the {@code Authorization} header (its preflight fails).
 */
final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** A JSON request body (calc, config) is small. */
    static final int MAX_JSON_BYTES = 16 * 1024;
    /** Every this many seconds an idle event stream sends a comment, so that a dead client is noticed. */
    private static final int KEEPALIVE_SECONDS = 15;

    private static final Pattern PLUGIN = Pattern.compile("/plugins/(\\d{1,18})");

    private final transient ConsoleToken token;
    private final transient PluginHost host;
    private final transient Operators operators;
    private final transient EventStream events;
    private final transient ClusterSource cluster;

    ApiServlet(ConsoleToken token, PluginHost host, Operators operators, EventStream events, ClusterSource cluster) {
        this.token = token;
        this.host = host;
        this.operators = operators;
        this.events = events;
        this.cluster = cluster;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (!token.admits(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"wasmgi\"");
            send(response, 401, JsonViews.error("this API needs the console's token: Authorization: Bearer TOKEN"));
            return;
        }
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        try {
            route(method, path, request, response);
        } catch (PluginHostException e) {
            send(response, status(e.problem()), JsonViews.error(e.getMessage()));
        } catch (BadRequest e) {
            send(response, e.status, JsonViews.error(e.getMessage()));
        }
    }

    private void route(String method, String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Matcher plugin = PLUGIN.matcher(path);
        switch (method + " " + (plugin.matches() ? "/plugins/{id}" : path)) {
            case "GET /operators" -> send(response, 200, operators.list());
            case "GET /plugins" -> send(response, 200, JsonViews.plugins(host.plugins()));
            case "GET /plugins/{id}" ->
                send(
                        response,
                        200,
                        JsonViews.plugin(host.plugin(Long.parseLong(plugin.group(1)))
                                .orElseThrow(
                                        () -> new BadRequest(404, "no plugin bundle has the id " + plugin.group(1)))));
            case "POST /plugins" -> install(request, response);
            case "DELETE /plugins/{id}" -> {
                host.remove(Long.parseLong(plugin.group(1)));
                response.setStatus(204);
            }
            case "POST /calc" -> calc(request, response);
            case "GET /config" -> send(response, 200, JsonViews.config(host.configuration()));
            case "PUT /config" -> configure(request, response);
            case "GET /events" -> stream(response);
            case "GET /cluster/members" -> send(response, 200, cluster.get("members"));
            case "GET /cluster/plugins" -> send(response, 200, cluster.get("plugins"));
            case "GET /cluster/config" -> send(response, 200, cluster.get("config"));
            default -> send(response, 404, JsonViews.error("no such API: " + method + " " + shown(path)));
        }
    }

    private void install(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String type = String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT);
        byte[] body = body(request, host.maxUploadBytes());
        PluginView view;
        if (type.startsWith("application/wasm")) {
            view = host.installModule(request.getParameter("name"), body);
        } else if (type.startsWith("application/java-archive")) {
            view = host.installBundle(body);
        } else {
            throw new BadRequest(
                    415, "send a module as application/wasm or a plugin bundle as application/java-archive");
        }
        response.setHeader("Location", request.getRequestURI() + "/" + view.bundleId());
        send(response, 201, JsonViews.plugin(view));
    }

    private void calc(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObject json = jsonObject(request);
        long a = operand(json, "a");
        long b = operand(json, "b");
        String op = text(json, "op", 16);
        try {
            JsonObject result = new JsonObject();
            result.addProperty("result", operators.calc(a, op, b));
            send(response, 200, result);
        } catch (CalcException e) {
            JsonObject error = JsonViews.error(e.getMessage());
            error.addProperty("reason", e.reason().name());
            error.addProperty("operator", e.operatorName());
            send(response, 422, error);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        }
    }

    private void configure(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObject json = jsonObject(request);
        String key = text(json, "key", 300);
        JsonElement value = json.get("value");
        if (value != null
                && !value.isJsonNull()
                && !(value.isJsonPrimitive() && value.getAsJsonPrimitive().isString())) {
            throw new BadRequest(400, "\"value\" must be a string, or null to remove the key");
        }
        send(
                response,
                200,
                JsonViews.change(
                        host.configure(key, value == null || value.isJsonNull() ? null : value.getAsString())));
    }

    /** Server-Sent Events: one {@code data:} line of JSON per event, until the client or the console goes. */
    private void stream(HttpServletResponse response) throws IOException {
        BlockingQueue<String> queue = events.subscribe();
        if (queue == null) {
            throw new BadRequest(503, "too many event streams are open (" + EventStream.MAX_SUBSCRIBERS + ")");
        }
        try {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            PrintWriter out = response.getWriter();
            out.write("retry: 2000\n: wasmgi events\n\n");
            out.flush();
            while (!out.checkError()) {
                String event = EventStream.next(queue, KEEPALIVE_SECONDS);
                if (EventStream.END.equals(event)) {
                    return;
                }
                out.write(event == null ? ": keepalive\n\n" : "data: " + event + "\n\n");
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            events.unsubscribe(queue);
        }
    }

    /** The body, refused unread if it says it is larger than {@code max}, and cut off if it turns out so. */
    private static byte[] body(HttpServletRequest request, int max) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw new BadRequest(413, "the body is larger than " + max + " bytes; nothing was read");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new BadRequest(413, "the body is larger than " + max + " bytes");
            }
            return body;
        }
    }

    private static JsonObject jsonObject(HttpServletRequest request) throws IOException {
        String type = String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) {
            throw new BadRequest(415, "send JSON, as application/json");
        }
        String text = new String(body(request, MAX_JSON_BYTES), StandardCharsets.UTF_8);
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(8);
            JsonElement json = JsonParser.parseReader(reader);
            if (!json.isJsonObject() || reader.peek() != JsonToken.END_DOCUMENT) {
                throw new BadRequest(400, "the body must be one JSON object");
            }
            return json.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException | IOException e) {
            throw new BadRequest(400, "the body is not JSON: " + shown(String.valueOf(e.getMessage())));
        }
    }

    /** An operand: a whole number in 0..2^32-1, as a JSON number. */
    private static long operand(JsonObject json, String key) {
        JsonElement element = json.get(key);
        if (element == null || !element.isJsonPrimitive() || !((JsonPrimitive) element).isNumber()) {
            throw new BadRequest(400, "\"" + key + "\" must be a number in 0..4294967295");
        }
        java.math.BigDecimal value = element.getAsBigDecimal();
        if (value.signum() < 0
                || value.compareTo(java.math.BigDecimal.valueOf(0xFFFF_FFFFL)) > 0
                || value.stripTrailingZeros().scale() > 0) {
            throw new BadRequest(400, "\"" + key + "\" must be a whole number in 0..4294967295");
        }
        return value.longValueExact();
    }

    private static String text(JsonObject json, String key, int maxChars) {
        JsonElement element = json.get(key);
        if (element == null || !element.isJsonPrimitive() || !((JsonPrimitive) element).isString()) {
            throw new BadRequest(400, "\"" + key + "\" must be a string");
        }
        String text = element.getAsString();
        if (text.isEmpty() || text.length() > maxChars) {
            throw new BadRequest(400, "\"" + key + "\" must be 1 to " + maxChars + " characters");
        }
        return text;
    }

    private static int status(PluginHostException.Problem problem) {
        return switch (problem) {
            case INVALID -> 400;
            case REFUSED -> 422;
            case NOT_FOUND -> 404;
            case UNAVAILABLE -> 503;
        };
    }

    static void send(HttpServletResponse response, int status, JsonElement json) throws IOException {
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** A path from the request, shown in an answer: printable ASCII only, and short. */
    private static String shown(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** A request the API answers with {@code status} and the message, nothing changed. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
