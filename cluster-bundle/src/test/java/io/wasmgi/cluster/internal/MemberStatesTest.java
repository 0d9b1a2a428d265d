package io.wasmgi.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.cluster.api.Placement;
import io.wasmgi.wasm.host.api.CallTimes;
import io.wasmgi.wasm.host.api.PluginState;
import io.wasmgi.wasm.host.api.PluginView;

class MemberStatesTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void whatAMemberPublishesReadsBack() {
        Map<String, MemberStates.Entry> states = Map.of(
                A, new MemberStates.Entry(Placement.State.SERVING, null),
                B, new MemberStates.Entry(Placement.State.REFUSED, "module is not valid: bad section 127"));
        assertEquals(states, MemberStates.decode(MemberStates.encode(states)));
    }

    @Test
    void aReasonStaysOneInertBoundedLine() {
        String hostile = "evil\n" + B + " serving\u001b[2J\u202e" + "x".repeat(5000);
        Map<String, MemberStates.Entry> read = MemberStates.decode(
                MemberStates.encode(Map.of(A, new MemberStates.Entry(Placement.State.REFUSED, hostile))));
        assertEquals(1, read.size(), "the newline did not forge a second plugin: " + read);
        String reason = read.get(A).reason();
        assertTrue(reason.startsWith("evil\\n" + B + " serving\\e[2J\\u202e"), reason);
        assertTrue(reason.length() <= Placement.MAX_REASON + 1, reason.length() + " characters");
        assertTrue(reason.endsWith("…"));
    }

    @Test
    void anotherMembersValueIsCheckedLineByLine() {
        assertThrows(IllegalArgumentException.class, () -> MemberStates.decode(new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> MemberStates.decode("../../etc serving\n"));
        assertThrows(IllegalArgumentException.class, () -> MemberStates.decode(A + " serving extra\n"));
        assertThrows(IllegalArgumentException.class, () -> MemberStates.decode(A + " refused\n"));
        assertThrows(IllegalArgumentException.class, () -> MemberStates.decode(A + " SERVING\n"));
        assertThrows(IllegalArgumentException.class, () -> MemberStates.decode("x".repeat(MemberStates.MAX_CHARS + 1)));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < MemberStates.MAX_PLUGINS; i++) {
            many.append(String.format("%064x", i)).append(" serving\n");
        }
        assertEquals(
                MemberStates.MAX_PLUGINS, MemberStates.decode(many.toString()).size());
        many.append(String.format("%064x", MemberStates.MAX_PLUGINS)).append(" serving\n");
        assertThrows(IllegalArgumentException.class, () -> MemberStates.decode(many.toString()));
        String message = assertThrows(IllegalArgumentException.class, () -> MemberStates.decode("\n" + A + " maybe"))
                .getMessage();
        assertEquals("line 2 is neither 'serving' nor 'refused REASON'", message);
    }

    @Test
    void aMemberSaysServingRefusedOrNothingFromItsHostsView() {
        PluginView serving = view("wasm.sub", PluginState.SERVING, null, A);
        PluginView refused = view("wasm.broken", PluginState.REFUSED, "not a module", B);
        PluginView unread = view("wasm.huge", PluginState.REFUSED, "too large", null);
        List<PluginView> views = List.of(serving, refused, unread);
        assertEquals(
                Placement.State.SERVING, ClusterMember.stateOf(A, "sub", views).state());
        MemberStates.Entry b = ClusterMember.stateOf(B, "broken", views);
        assertEquals(new MemberStates.Entry(Placement.State.REFUSED, "not a module"), b);
        String c = "c".repeat(64);
        assertEquals("too large", ClusterMember.stateOf(c, "huge", views).reason(), "by its bundle's name");
        assertNull(ClusterMember.stateOf(c, "other", views), "still installing");
        assertNull(ClusterMember.stateOf(c, "../huge", views));
    }

    @Test
    void clusterEntriesHaveTheShapeThisBundleWrites() {
        assertTrue(ClusterEntries.isSha256(A));
        assertFalse(ClusterEntries.isSha256(A.toUpperCase(java.util.Locale.ROOT)));
        assertFalse(ClusterEntries.isName("../x"));
        assertFalse(ClusterEntries.isName(42));
        byte[] module = {0, 0x61, 0x73, 0x6d};
        assertEquals(module, ClusterEntries.module(module, ClusterMember.sha256(module)));
        assertNull(ClusterEntries.module(module, A), "bytes that do not hash to their key");
        assertNull(ClusterEntries.module("text", A));
    }

    private static PluginView view(String bsn, PluginState state, String refusal, String sha) {
        Map<CalcException.Reason, Long> faults = new EnumMap<>(CalcException.Reason.class);
        return new PluginView(
                1,
                bsn,
                null,
                null,
                state,
                refusal,
                sha,
                null,
                List.of(),
                0,
                faults,
                new CallTimes(0, 0, 0, 0, List.of()),
                0,
                0,
                0);
    }
}
