package io.wasmgi.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.wasmgi.wasm.host.internal.text.InertText;

class ClusterConfigTest {

    @Test
    void aKeyAndValueOfTheHostsShapePass() {
        assertNull(ClusterConfig.problem("timeout", "250ms"));
        assertNull(ClusterConfig.problem("plugin.io.wasmgi.plugin.add.memory.max", "32MiB"));
    }

    @Test
    void whatNoKeyOrValueOfTheHostLooksLikeIsRefusedNamingTheKey() {
        assertEquals("a key must be 1 to 200 of A-Z a-z 0-9 . _ -", ClusterConfig.problem("time out", "1s"));
        assertEquals("a key must be 1 to 200 of A-Z a-z 0-9 . _ -", ClusterConfig.problem(7, "1s"));
        assertEquals(
                "the value of timeout must be text of 1 to 1024 characters",
                ClusterConfig.problem("timeout", "1".repeat(1025)));
        assertEquals("the value of timeout must be printable ASCII", ClusterConfig.problem("timeout", "1s\n"));
        assertEquals(
                "the value of timeout must be text of 1 to 1024 characters",
                ClusterConfig.problem("timeout", new byte[0]));
    }

    @Test
    void aClusterMapIsReadWithoutItsBadEntries() {
        Map<Object, Object> cluster = new HashMap<>();
        cluster.put("timeout", "250ms");
        cluster.put("engine", new Object());
        cluster.put("../x", "1");
        List<String> problems = new ArrayList<>();
        assertEquals(Map.of("timeout", "250ms"), ClusterConfig.read(cluster, problems::add));
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void safeTextEscapesWhatATerminalWouldObey() {
        assertEquals("a\\e[2Jb\\u202ec\td é", InertText.of("a\u001b[2Jb\u202ec\td é", 100));
        assertEquals("abc…", InertText.of("abcdef", 3));
    }
}
