package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void clusteringIsOffByDefault() {
        assertTrue(Options.parse("--storage", "s").cluster().isEmpty());
    }

    @Test
    void theClusterOptionsBecomeFrameworkProperties() {
        Options options = Options.parse(
                "--cluster",
                "demo",
                "--cluster-secret",
                "s3cret-s3cret",
                "--cluster-port",
                "5702",
                "--cluster-members",
                "127.0.0.1:5701,127.0.0.1:5702",
                "--cluster-bind",
                "10.0.0.1");
        assertEquals(
                Map.of(
                        "wasmgi.cluster.name", "demo",
                        "wasmgi.cluster.secret", "s3cret-s3cret",
                        "wasmgi.cluster.port", "5702",
                        "wasmgi.cluster.members", "127.0.0.1:5701,127.0.0.1:5702",
                        "wasmgi.cluster.bind", "10.0.0.1"),
                options.cluster());
    }

    @Test
    void clusterDetailsWithoutAClusterAreRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Options.parse("--cluster-port", "5701"));
        assertEquals("the --cluster-* options need --cluster NAME", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Options.parse("--cluster"));
        assertEquals("--cluster needs a value", e.getMessage());
    }
}
