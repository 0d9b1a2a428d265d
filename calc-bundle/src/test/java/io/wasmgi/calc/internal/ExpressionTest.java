package io.wasmgi.calc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

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
        Set<String> folder = Set.of("README.md", "pom.xml", "docs");
        assertMessage(folder, "quote the expression", "7", "README.md", "pom.xml", "6");
        assertMessage(folder, "quote the expression", "7", List.of("README.md", "pom.xml"), "6");
    }

    @Test
    void tooManyWordsAreNotTakenForAGlob() {
        Set<String> folder = Set.of("README.md", "pom.xml");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Expression.parse(() -> folder, "1", "-", "2", "-", "3"));
        assertTrue(e.getMessage().startsWith("too many words in '1 - 2 - 3'"), e.getMessage());
        assertFalse(e.getMessage().contains("expanded"), e.getMessage());
    }

    @Test
    void explainsMissingParts() {
        assertMessage("missing expression");
        assertMessage("incomplete expression", "7", "+");
        assertMessage("cannot read", "seven");
    }

    private static void assertMessage(String expected, Object... words) {
        assertMessage(Set.of(), expected, words);
    }

    private static void assertMessage(Set<String> folder, String expected, Object... words) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Expression.parse(() -> folder, words));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
