package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table of docs/cluster.md: for 2 to 6 members on this machine, how long a cluster takes to form and how
 * long from cluster:load on one member until calc:calc answers on every member. Minutes, not for CI: runs only
 * with {@code -Dwasmgi.cluster.timing=true} (see docs/cluster.md for the command). It prints, never asserts a time.
 */
class ClusterTimingIT {

    @TempDir
    Path work;

    @Test
    void timeToServeOnEveryMember() throws Exception {
        assumeTrue(Boolean.getBoolean("wasmgi.cluster.timing"), "run with -Dwasmgi.cluster.timing=true");
        int max = Integer.getInteger("wasmgi.cluster.timing.max", 6);
        StringBuilder table =
                new StringBuilder("| members | all ready after start (s) | load to serving on all (ms) |\n");
        table.append("|---|---|---|\n");
        for (int n = 2; n <= max; n++) {
            List<ShellProcess> members = new ArrayList<>();
            try {
                int[] ports = new int[n];
                for (int i = 0; i < n; i++) {
                    ports[i] = freePort();
                }
                String list = java.util.Arrays.stream(ports)
                        .mapToObj(p -> "127.0.0.1:" + p)
                        .collect(Collectors.joining(","));
                long start = System.nanoTime();
                members.add(member(n, 0, ports, list));
                members.get(0).expect(": ready");
                for (int i = 1; i < n; i++) {
                    members.add(member(n, i, ports, list));
                }
                for (ShellProcess m : members.subList(1, n)) {
                    m.expect(": ready");
                }
                double ready = (System.nanoTime() - start) / 1e9;

                long load = System.nanoTime();
                members.get(0).type("cluster:load plugins/sub/sub.wasm");
                for (ShellProcess m : members) {
                    awaitServing(m);
                }
                long serving = (System.nanoTime() - load) / 1_000_000;
                table.append(String.format("| %d | %.1f | %d |%n", n, ready, serving));
                System.out.println("ClusterTimingIT: " + n + " members: ready after " + ready + " s, serving on all "
                        + serving + " ms after cluster:load");
            } finally {
                members.forEach(ShellProcess::close);
            }
        }
        System.out.println("ClusterTimingIT:\n" + table);
    }

    private ShellProcess member(int round, int index, int[] ports, String list) throws IOException {
        String name = "r" + round + "m" + index;
        return new ShellProcess(
                TestPaths.repository(),
                "--http",
                "off",
                "--storage",
                work.resolve(name + "/storage").toString(),
                "--deploy",
                work.resolve(name + "/deploy").toString(),
                "--cluster",
                "timing" + round,
                "--cluster-secret",
                "timing-secret-0123456789",
                "--cluster-port",
                Integer.toString(ports[index]),
                "--cluster-members",
                list);
    }

    private static void awaitServing(ShellProcess member) throws Exception {
        long end = System.nanoTime() + 120_000_000_000L;
        while (true) {
            member.type("calc:calc 5 - 2");
            Matcher m = member.expect("(?m)^(?:g! )?(3)\\s*$|(no operator '-' is installed)");
            if (m.group(1) != null) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not serving after two minutes:\n" + member.allOutput());
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
