package io.wasmgi.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    private static ClusterSettings parse(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return ClusterSettings.from(values::get);
    }

    @Test
    void noNameMeansClusteringIsOff() {
        assertNull(parse("secret", "0123456789abc"));
    }

    @Test
    void defaultsAreLoopbackAndThePortRange() {
        ClusterSettings s = parse("name", "prod", "secret", "0123456789abc");
        assertEquals("127.0.0.1", s.bind());
        assertEquals(5701, s.port());
        assertFalse(s.portGiven());
        assertEquals(List.of("127.0.0.1"), s.members());
    }

    @Test
    void aNameAloneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("name", "prod"));
        assertTrue(e.getMessage().startsWith("cluster secret must be given"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("name", "prod", "secret", "short"));
    }

    @Test
    void theEngineNameDependsOnTheSecretAndHidesIt() {
        String one = parse("name", "prod", "secret", "0123456789abc").engineClusterName();
        String same = parse("name", "prod", "secret", "0123456789abc").engineClusterName();
        String other = parse("name", "prod", "secret", "0123456789abd").engineClusterName();
        assertEquals(one, same);
        assertNotEquals(one, other);
        assertTrue(one.matches("prod-[0-9a-f]{64}"), one);
        assertFalse(one.contains("0123456789abc"));
        assertFalse(parse("name", "prod", "secret", "0123456789abc").toString().contains("0123456789abc"));
    }

    @Test
    void hostileValuesAreRefusedNamingTheirKey() {
        String secret = "0123456789abc";
        assertThrows(IllegalArgumentException.class, () -> parse("name", "a b", "secret", secret));
        assertThrows(IllegalArgumentException.class, () -> parse("name", "x".repeat(65), "secret", secret));
        for (String port : List.of("0", "65536", "-1", "99999999999", "12a")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> parse("name", "p", "secret", secret, "port", port));
            assertTrue(e.getMessage().startsWith("cluster port"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> parse("name", "p", "secret", secret, "members", "127.0.0.1:5701,evil\nhost:1"));
        assertTrue(e.getMessage().startsWith("cluster members: 'evil?host:1'"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> parse("name", "p", "secret", secret, "members", "127.0.0.1:70000"));
        assertEquals(
                List.of("10.0.0.1:5701", "10.0.0.2"),
                parse("name", "p", "secret", secret, "members", " 10.0.0.1:5701, 10.0.0.2 ,")
                        .members());
    }
}
