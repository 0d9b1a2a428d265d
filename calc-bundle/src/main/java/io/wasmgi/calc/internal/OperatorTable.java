package io.wasmgi.calc.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.wasmgi.calc.api.CalcOperator;

/**
 * The operators available right now, as they come and go. When several share a symbol, the one with the
 * highest service ranking wins, and on a tie the one registered first (the OSGi ordering of services).
 */
final class OperatorTable {

    /** One registered operator and what the shell shows of its provider. */
    record Entry(
            CalcOperator operator,
            String name,
            String symbol,
            int ranking,
            long serviceId,
            long bundleId,
            String bundleName) {}

    /** Best first: highest ranking, then lowest service id. */
    private static final Comparator<Entry> PREFERENCE =
            Comparator.comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    void add(Entry entry) {
        entries.add(entry);
    }

    void remove(long serviceId) {
        entries.removeIf(e -> e.serviceId() == serviceId);
    }

    /** Every operator, in the order they were registered. */
    List<Entry> all() {
        return entries.stream()
                .sorted(Comparator.comparingLong(Entry::serviceId))
                .collect(Collectors.toList());
    }

    /** The operator that serves {@code symbol}, if any. */
    Optional<Entry> forSymbol(String symbol) {
        return entries.stream().filter(e -> e.symbol().equals(symbol)).min(PREFERENCE);
    }

    /** The installed symbols, for error messages: {@code "+, *"}, or {@code "none"}. */
    String symbols() {
        String list = entries.stream().map(Entry::symbol).distinct().sorted().collect(Collectors.joining(", "));
        return list.isEmpty() ? "none" : list;
    }
}
