package io.wasmgi.calc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ExpressionTest {

    @Test
    void readsThreeWordsOrOneQuotedExpression() {
        assertEquals(new Expression(7, "+", 6), Expression.parse("7", "+", "6"));
        assertEquals(new Expression(7, "*", 6), Expression.parse("7 * 6"));
        assertEquals(new Expression(7, "*", 6), Expression.parse("7*6"));
        assertEquals(new Expression(4294967295L, "^", 0), Expression.parse(" 4294967295 ^ 0 "));
        assertEquals(new Expression(1, "max", 2), Expression.parse("1 max 2"));
    }

    @Test
    void rejectsOperandsOutsideUnsigned32Bits() {
        assertMessage("negative number -1", "-1", "+", "2");
        assertMessage("negative number -5", "7 - -5");
        assertMessage("4294967296 is too large", "4294967296", "+", "1");
        assertMessage("'x' is not a number", "x", "+", "1");
    }

    @Test
    void tellsTheUserToQuoteAGlobbedSymbol() {
        assertMessage("quote the expression", "7", "README.md", "pom.xml", "6");
        assertMessage("quote the expression", "7", List.of("README.md", "pom.xml"), "6");
    }

    @Test
    void explainsMissingParts() {
        assertMessage("missing expression");
        assertMessage("incomplete expression", "7", "+");
        assertMessage("cannot read", "seven");
    }

    private static void assertMessage(String expected, Object... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Expression.parse(words));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
