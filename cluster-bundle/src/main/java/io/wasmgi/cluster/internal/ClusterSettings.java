package io.wasmgi.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where and how this member clusters, from Config Admin (PID {@code io.wasmgi.cluster}, keys {@code name},
 * {@code secret}, {@code port}, {@code members}, {@code bind}) or else the framework properties
 * {@code wasmgi.cluster.*} the launcher's {@code --cluster*} options set. Every value is checked; a bad one is
 * refused with a one-line reason naming its key.
 */
record ClusterSettings(String name, String secret, int port, boolean portGiven, List<String> members, String bind) {

    static final int DEFAULT_PORT = 5701;
    static final int MIN_SECRET_CHARS = 12;
    static final int MAX_MEMBERS = 200;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");
    private static final Pattern HOST_PORT =
            Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?");

    /**
     * @param value the value of a key, or null
     * @return the settings, or null when no cluster name is set (clustering is off)
     * @throws IllegalArgumentException naming the key that is wrong
     */
    static ClusterSettings from(Function<String, String> value) {
        String name = value.apply("name");
        if (name == null || name.isBlank()) {
            return null;
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cluster name must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String secret = value.apply("secret");
        if (secret == null || secret.length() < MIN_SECRET_CHARS || secret.length() > 1024) {
            throw new IllegalArgumentException("cluster secret must be given and be " + MIN_SECRET_CHARS
                    + " to 1024 characters (a cluster name alone is not a password)");
        }
        String portText = value.apply("port");
        int port = DEFAULT_PORT;
        if (portText != null) {
            port = port(portText, "cluster port");
        }
        String bind = value.apply("bind");
        if (bind == null) {
            bind = "127.0.0.1";
        } else if (!HOST.matcher(bind).matches()) {
            throw new IllegalArgumentException("cluster bind address is not an address");
        }
        List<String> members = new ArrayList<>();
        String membersText = value.apply("members");
        if (membersText != null) {
            for (String member : membersText.split(",", -1)) {
                String m = member.strip();
                if (m.isEmpty()) {
                    continue;
                }
                if (!HOST_PORT.matcher(m).matches()) {
                    throw new IllegalArgumentException("cluster members: '" + printable(m) + "' is not HOST[:PORT]");
                }
                int colon = m.lastIndexOf(':');
                if (colon > 0 && !m.endsWith("]")) {
                    port(m.substring(colon + 1), "cluster members: port of " + m);
                }
                if (members.size() == MAX_MEMBERS) {
                    throw new IllegalArgumentException("cluster members: more than " + MAX_MEMBERS + " addresses");
                }
                members.add(m);
            }
        }
        if (members.isEmpty()) {
            members.add(bind);
        }
        return new ClusterSettings(name, secret, port, portText != null, List.copyOf(members), bind);
    }

    private static int port(String text, String what) {
        if (!text.matches("\\d{1,5}")) {
            throw new IllegalArgumentException(what + " must be a number from 1 to 65535");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be a number from 1 to 65535");
        }
        return port;
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /**
     * The name the engine clusters under: the cluster name and a token derived from the secret (HMAC-SHA256 of
     * the name). Hazelcast refuses a join whose cluster name differs, so a member with another secret is kept
     * out; the secret itself never leaves the machine.
     */
    String engineClusterName() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] token = mac.doFinal(("wasmgi.cluster:" + name).getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() { // never the secret
        return "cluster " + name + " on " + bind + ":" + port + ", members " + members;
    }
}
