package io.wasmgi.calc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.wasmgi.calc.api.CalcOperator;

class OperatorTableTest {

    private final OperatorTable table = new OperatorTable();

    private static OperatorTable.Entry entry(String symbol, int ranking, long serviceId) {
        CalcOperator op = new CalcOperator() {
            @Override
            public String name() {
                return "op" + serviceId;
            }

            @Override
            public String symbol() {
                return symbol;
            }

            @Override
            public long calc(long a, long b) {
                return serviceId;
            }
        };
        return new OperatorTable.Entry(op, op.name(), symbol, ranking, serviceId, 1, "test");
    }

    @Test
    void theHighestRankingThenTheOldestServesASymbol() {
        table.add(entry("+", 0, 5));
        table.add(entry("+", 0, 3));
        assertEquals(3, table.forSymbol("+").orElseThrow().serviceId());
        table.add(entry("+", 10, 9));
        assertEquals(9, table.forSymbol("+").orElseThrow().serviceId());
        table.remove(9);
        assertEquals(3, table.forSymbol("+").orElseThrow().serviceId());
    }

    @Test
    void namesFromAnyServiceAreShownWithoutWhatCouldDriveTheTerminal() {
        assertEquals("add?[2J?", CalcCommands.shown("add\u001b[2J\u200b"));
        assertEquals("a b", CalcCommands.shown("a b"));
        assertEquals("+?", CalcCommands.shown("+\u00a0"));
    }

    @Test
    void listsAllInRegistrationOrderAndNamesTheSymbols() {
        assertEquals("none", table.symbols());
        table.add(entry("*", 0, 7));
        table.add(entry("+", 0, 2));
        table.add(entry("+", 1, 4));
        assertEquals(3, table.all().size());
        assertEquals(2, table.all().get(0).serviceId());
        assertEquals("*, +", table.symbols());
        assertEquals(4, table.forSymbol("+").orElseThrow().serviceId(), "the higher ranking serves '+'");
        assertTrue(table.forSymbol("-").isEmpty());
    }
}
