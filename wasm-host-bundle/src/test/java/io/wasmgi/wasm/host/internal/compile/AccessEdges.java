package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;

/**
 * The check the access tests share: {@code fields} of {@code /compile/accesses.wat} (36 accesses of every width
 * from one address) answers or traps in the compiled instance as in the interpreted one, at the memory's edges
 * and past 2 GiB, over enough rounds for the JIT to compile it. Public for the sandbox's tests too.
 */
public final class AccessEdges {

    /** The module every test of the accesses runs. */
    public static final String MODULE = "/compile/accesses.wat";

    /** Bytes {@code fields} touches from its address. */
    static final int FIELDS_SPAN = 36;

    private static final int PAGE = 65_536;

    private AccessEdges() {}

    /** Asserts that both instances answer and trap alike, and that some calls trapped and some did not. */
    public static void assertAnswersAsTheInterpreterAtTheEdges(Instance interpreted, Instance compiled) {
        long[] addresses = {
            0,
            1,
            1000,
            PAGE - FIELDS_SPAN - 1,
            PAGE - FIELDS_SPAN,
            PAGE - FIELDS_SPAN + 1,
            PAGE - 8,
            PAGE - 1,
            PAGE,
            0x7fff_ffffL,
            0x8000_0000L,
            0xffff_ffdcL,
            0xffff_ffffL
        };
        long[] values = {0, -1, 0x0123_4567_89ab_cdefL, Long.MIN_VALUE, 42};
        int traps = 0;
        for (int round = 0; round < 300; round++) { // enough calls for the JIT to compile fields
            for (long address : addresses) {
                for (long value : values) {
                    String expected = outcome(interpreted, address, value);
                    assertEquals(expected, outcome(compiled, address, value), "fields(" + address + ", " + value + ")");
                    traps += expected.startsWith("trap") ? 1 : 0;
                }
            }
        }
        assertTrue(traps > 0 && traps < 300 * addresses.length * values.length, "both sides of the edge: " + traps);
    }

    /** The answer, or the trap's class and message. */
    private static String outcome(Instance instance, long address, long value) {
        try {
            return Long.toString(instance.export("fields").apply(address, value)[0]);
        } catch (RuntimeException trap) {
            return "trap " + trap.getClass().getName() + ": " + trap.getMessage();
        }
    }
}
