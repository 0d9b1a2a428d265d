package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of real launchers on loopback: a module loaded on one member serves on all; a configuration set on
 * one applies on all (a late member's too, before it says ready), a bad one is refused where it is typed; a member
 * killed with SIGKILL loses nothing for the others; a late member catches up; an unload removes it everywhere; a
 * hostile module is refused on every member and cluster:plugins (and the console's API) says why on each; a
 * member with the wrong secret is kept out. 40 s to a minute here (five JVMs on two busy cores).
 */
class ClusterIT {

    private static final String SECRET = "it-cluster-secret-0123456789";
    /**
     * calc's answer (3), or that it is not served: no operator, or (a call that met the plugin while it was being
     * uninstalled) gone.
     */
    private static final String SERVES =
            "(?m)^(?:g! )?(3)\\s*$|(no operator '-' is installed|is gone: its plugin was stopped or uninstalled)";

    @TempDir
    Path work;

    private final List<ShellProcess> started = new ArrayList<>();
    private final int[] ports = new int[5];
    private int httpPort;

    @AfterEach
    void stopAll() {
        started.forEach(ShellProcess::close);
    }

    @Test
    void pluginsLoadedOnceServeOnEveryMember() throws Exception {
        for (int i = 0; i < ports.length; i++) {
            ports[i] = freePort();
        }
        String members = java.util.Arrays.stream(ports)
                .limit(4)
                .mapToObj(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(","));

        httpPort = ConsoleClient.freePort();
        ShellProcess a = member("a", 0, members, SECRET);
        a.expect("wasmgi: cluster: member of wasmgi-it at 127.0.0.1:" + ports[0] + " \\(1 members\\), 0 cluster plugins"
                + " written: ready");
        ShellProcess b = member("b", 1, members, SECRET);
        ShellProcess c = member("c", 2, members, SECRET);
        b.expect("wasmgi: cluster: member of wasmgi-it .*: ready");
        c.expect("wasmgi: cluster: member of wasmgi-it .*: ready");
        List<String> rows = members(a);
        assertEquals(3, rows.size(), "a, b and c: " + rows);
        assertTrue(
                rows.stream().anyMatch(r -> r.contains("127.0.0.1:" + ports[0] + " ") && r.endsWith("(this member)")));

        long start = System.nanoTime();
        a.type("cluster:load plugins/sub/sub.wasm");
        a.expect("cluster: stored plugin 'sub' \\(sha256:[0-9a-f]{12}, \\d+ bytes\\) in cluster wasmgi-it");
        for (ShellProcess member : List.of(a, b, c)) {
            awaitServing(member, true);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("ClusterIT: cluster:load to calc:calc answering on 3 members: " + millis + " ms");
        // each member publishes what it serves a moment after it serves
        untilOutput(
                c, "cluster:plugins", "(?m)^(?:g! )?sub\\s+sha256:[0-9a-f]{12}\\s+(serving on 3 of 3 members)\\s*$");

        // the host configuration, cluster-wide: checked where it is typed as calc:config checks it, and a value
        // refused there never reaches the cluster
        c.type("calc:config timeout banana");
        String refusal = c.expect("(?m)^(?:g! )?calc: (.+)$").group(1).strip();
        c.type("cluster:config timeout banana");
        assertEquals(refusal, c.expect("(?m)^(?:g! )?cluster: (.+)$").group(1).strip());
        c.type("cluster:config timeout 1234ms");
        c.expect("cluster: timeout = 1234ms in cluster wasmgi-it; every member applies it");
        untilOutput(a, "calc:config", "(?m)^(?:g! )?(timeout = 1234ms)\\s*$");
        untilOutput(b, "cluster:config", "(?m)^(?:g! )?(timeout = 1234ms)\\s*$");

        // SIGKILL: the module's backup on another member keeps it in the cluster
        b.close();
        assertTrue(b.waitForExit() != 0);
        ShellProcess d = member("d", 3, members, SECRET);
        d.expect("wasmgi: cluster: member of wasmgi-it .*, 1 cluster plugins written: ready");
        // a late member applies the cluster's configuration before it says ready: no waiting here
        d.type("calc:config");
        d.expect("(?m)^(?:g! )?timeout = 1234ms\\s*$");
        awaitServing(d, true);
        // b's published state went with it: the plugin serves on the three members there are
        untilOutput(
                a, "cluster:plugins", "(?m)^(?:g! )?sub\\s+sha256:[0-9a-f]{12}\\s+(serving on 3 of 3 members)\\s*$");
        assertEquals(3, members(d).size(), "a, c and d: b is gone");

        // unloaded from one member, gone from all
        c.type("cluster:unload sub");
        c.expect("cluster: removed plugin 'sub' from cluster wasmgi-it; every member uninstalls it");
        for (ShellProcess member : List.of(a, c, d)) {
            awaitServing(member, false);
        }
        a.type("cluster:plugins");
        a.expect("No cluster plugin is loaded");

        // a hostile module (the magic, then garbage) gets past the loading member's bounds and is refused by the
        // host of every member, for the same reason
        Path broken = java.nio.file.Files.write(
                work.resolve("broken.wasm"), new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x7f, 0x7f});
        d.type("cluster:load " + broken);
        d.expect("cluster: stored plugin 'broken'");
        List<String> reasons = new ArrayList<>();
        for (ShellProcess member : List.of(a, c, d)) {
            reasons.add(untilOutput(member, "calc:plugins", "wasm\\.broken\\s+refused\\s+(.+)"));
        }
        assertEquals(1, reasons.stream().distinct().count(), "the same refusal everywhere: " + reasons);
        // cluster:plugins says it, on each member, with that member's reason
        String refusedEverywhere = "(?s)(broken\\s+sha256:[0-9a-f]{12}\\s+serving on 0 of 3 members\\s*"
                + "(?:\\n(?:g! )?  127\\.0\\.0\\.1:\\d+ +refused +[^\\n]+){3})";
        String listing = untilOutput(a, "cluster:plugins", refusedEverywhere);
        System.out.println("ClusterIT: cluster:plugins with a hostile module:\n" + listing);
        for (int port : new int[] {ports[0], ports[2], ports[3]}) {
            Matcher line = java.util.regex.Pattern.compile("127\\.0\\.0\\.1:" + port + " +refused +(.+)")
                    .matcher(listing);
            assertTrue(line.find(), "a refusal line for the member at port " + port + ":\n" + listing);
            assertEquals(reasons.get(0), line.group(1).strip(), "that member's host's reason");
        }
        // the console's API of a member tells the same facts
        ConsoleClient console = new ConsoleClient(httpPort);
        console.awaitUp();
        HttpResponse<String> clusterMembers = console.get("/wasmgi/api/cluster/members");
        assertEquals(200, clusterMembers.statusCode(), clusterMembers.body());
        for (int port : new int[] {ports[0], ports[2], ports[3]}) {
            assertTrue(clusterMembers.body().contains("\"address\":\"127.0.0.1:" + port + "\""), clusterMembers.body());
        }
        HttpResponse<String> clusterPlugins = console.get("/wasmgi/api/cluster/plugins");
        assertEquals(200, clusterPlugins.statusCode(), clusterPlugins.body());
        assertEquals(
                3,
                clusterPlugins.body().split("\"state\":\"REFUSED\"", -1).length - 1,
                "refused on each member: " + clusterPlugins.body());
        assertTrue(clusterPlugins.body().contains("\"name\":\"broken\""), clusterPlugins.body());
        System.out.println("ClusterIT: GET /wasmgi/api/cluster/plugins: " + clusterPlugins.body());
        HttpResponse<String> clusterConfig = console.get("/wasmgi/api/cluster/config");
        assertTrue(clusterConfig.body().contains("\"configuration\":{\"timeout\":\"1234ms\"}"), clusterConfig.body());
        a.type("cluster:unload broken");
        a.expect("cluster: removed plugin 'broken'");

        // the right name but the wrong secret: a cluster of its own, which cannot push to the others
        ShellProcess e = member("e", 4, members + ",127.0.0.1:" + ports[4], "the-wrong-secret-0123");
        e.expect("wasmgi: cluster: member of wasmgi-it at 127.0.0.1:" + ports[4] + " \\(1 members\\)");
        e.type("cluster:load plugins/sub/sub.wasm");
        e.expect("cluster: stored plugin 'sub'");
        awaitServing(e, true);
        assertEquals(3, members(a).size(), "e is kept out");
        a.type("cluster:plugins");
        a.expect("No cluster plugin is loaded");
        a.type("calc:calc 5 - 2");
        a.expect("no operator '-' is installed");
    }

    /** A member; the first one ({@code a}) serves the web console, with the test's token. */
    private ShellProcess member(String name, int index, String members, String secret) throws IOException {
        boolean console = index == 0;
        ShellProcess shell = ShellProcess.withSystemProperties(
                TestPaths.repository(),
                console ? List.of("-Dwasmgi.console.token=" + ConsoleClient.TOKEN) : List.of(),
                "--http",
                console ? Integer.toString(httpPort) : "off",
                "--storage",
                work.resolve(name + "/storage").toString(),
                "--deploy",
                work.resolve(name + "/deploy").toString(),
                "--cluster",
                "wasmgi-it",
                "--cluster-secret",
                secret,
                "--cluster-port",
                Integer.toString(ports[index]),
                "--cluster-members",
                members);
        started.add(shell);
        return shell;
    }

    /** Types calc:calc until it answers (or says no operator is there), for at most a minute. */
    private static void awaitServing(ShellProcess member, boolean serving) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (true) {
            member.type("calc:calc 5 - 2");
            Matcher m = member.expect(SERVES);
            if ((m.group(1) != null) == serving) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        "still " + (serving ? "not " : "") + "serving after a minute:\n" + member.allOutput());
            }
            Thread.sleep(100);
        }
    }

    /** Types {@code command} until its output has a line matching {@code regex}; returns the first group. */
    private static String untilOutput(ShellProcess member, String command, String regex) throws Exception {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        long end = System.nanoTime() + 60_000_000_000L;
        while (true) {
            member.type(command);
            member.type("echo end-of-output");
            String output = member.expect("(?s)(.*?)end-of-output").group(1);
            Matcher m = pattern.matcher(output);
            if (m.find()) {
                return m.group(1).strip();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no /" + regex + "/ after a minute:\n" + member.allOutput());
            }
            Thread.sleep(200);
        }
    }

    /** The rows of cluster:members, one per member. */
    private static List<String> members(ShellProcess member) throws Exception {
        member.type("cluster:members");
        member.expect("ID +ADDRESS +SINCE +SERVING");
        member.type("echo end-of-members");
        String rows = member.expect("(?s)(.*?)end-of-members").group(1);
        return rows.lines()
                .map(String::strip)
                .filter(l -> l.matches("(g! )?[0-9a-f-]{36} +127\\.0\\.0\\.1:\\d+ .*"))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
