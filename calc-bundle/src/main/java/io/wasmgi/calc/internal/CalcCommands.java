package io.wasmgi.calc.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcOperator;

/**
 * The {@code calc:*} shell commands, over every {@link CalcOperator} service as it comes and goes.
 *
 * <p>Errors are printed as one line on the session's error stream, never as a stack trace: the user typed
 * something wrong or a plugin failed, and the message says which.
 */
@Component(
        service = CalcCommands.class,
        property = {
            "osgi.command.scope=calc",
            "osgi.command.function=operators",
            "osgi.command.function=calc",
            "osgi.command.function=demo"
        })
public class CalcCommands {

    private final OperatorTable table = new OperatorTable();

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addOperator(CalcOperator operator, ServiceReference<CalcOperator> ref) {
        Bundle provider = ref.getBundle();
        table.add(new OperatorTable.Entry(
                operator,
                operator.name(),
                operator.symbol(),
                ranking(ref),
                (Long) ref.getProperty(Constants.SERVICE_ID),
                provider == null ? -1 : provider.getBundleId(),
                provider == null ? "?" : provider.getSymbolicName()));
    }

    void removeOperator(CalcOperator operator, Map<String, Object> properties) {
        table.remove((Long) properties.get(Constants.SERVICE_ID));
    }

    @Descriptor("list the installed operators, with the bundle that provides each")
    public void operators() {
        List<OperatorTable.Entry> all = table.all();
        PrintStream out = System.out;
        if (all.isEmpty()) {
            out.println("No operator is installed. Install a plugin bundle, e.g.: "
                    + "start file:plugins/add/target/add-plugin.jar");
            return;
        }
        out.printf("%-6s %-16s %-8s %-28s %s%n", "SYMBOL", "NAME", "RANKING", "BUNDLE", "TYPE IT AS");
        for (OperatorTable.Entry e : all) {
            out.printf(
                    "%-6s %-16s %-8d %-28s %s%s%n",
                    shown(e.symbol()),
                    shown(e.name()),
                    e.ranking(),
                    e.bundleId() + " " + shown(e.bundleName()),
                    shown(ShellQuoting.example(e.symbol())),
                    shadowing(e));
        }
        if (all.stream().anyMatch(e -> ShellQuoting.needsQuotes(e.symbol()))) {
            out.println("Quote an expression whose symbol the shell reads as its own (* ? % & | < > ; = $ # and"
                    + " brackets).");
        }
    }

    /** Why an operator does not serve its symbol: another, ranked higher or, at the same ranking, older. */
    private String shadowing(OperatorTable.Entry e) {
        return table.forSymbol(e.symbol())
                .filter(winner -> winner.serviceId() != e.serviceId())
                .map(winner -> "  (shadowed by bundle " + winner.bundleId() + "'s '" + shown(e.symbol()) + "', "
                        + (winner.ranking() > e.ranking() ? "ranked higher)" : "registered first at the same ranking)"))
                .orElse("");
    }

    /**
     * Any operator service may be listed, not only the wasm host's (which refuses such names): a character that
     * could drive the terminal or hide itself is shown as '?'.
     */
    static String shown(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean hidden = type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || (type == Character.SPACE_SEPARATOR && c != ' ');
            out.appendCodePoint(hidden ? '?' : c);
        });
        return out.toString();
    }

    @Descriptor("compute A OP B on unsigned 32-bit integers: calc:calc 7 + 6, or quoted: calc:calc '7 * 6'")
    public Long calc(@Descriptor("the expression: three words A OP B, or one quoted 'A OP B'") Object... words) {
        try {
            Expression expr = Expression.parse(words);
            OperatorTable.Entry entry = table.forSymbol(expr.symbol())
                    .orElseThrow(() -> new IllegalArgumentException("no operator '" + expr.symbol()
                            + "' is installed (installed: " + table.symbols() + ")" + globHint(expr.symbol())));
            return entry.operator().calc(expr.left(), expr.right());
        } catch (IllegalArgumentException | CalcException e) {
            System.err.println("calc: " + e.getMessage());
            return null;
        }
    }

    /**
     * Gogo expands an unquoted {@code *} into the files of the current folder; with a single file there, the
     * file's name arrives as the symbol. Say so, rather than only that no such operator exists: only when the
     * symbol is that one file's name ('/' is a folder, but not one of this folder's files).
     */
    private static String globHint(String symbol) {
        return Expression.currentFolderNames().equals(Set.of(symbol))
                ? "; '" + symbol + "' is the one file here: an unquoted * becomes the files of the current folder,"
                        + " quote the expression: calc:calc '7 * 6'"
                : "";
    }

    @Descriptor("run every installed operator on 1 and 2, in the order they were installed")
    public void demo() {
        List<OperatorTable.Entry> all = table.all();
        if (all.isEmpty()) {
            System.out.println("No operator is installed.");
        }
        for (OperatorTable.Entry e : all) {
            System.out.println("Plugin: " + e.name());
            try {
                System.out.println(
                        "Calc: 1 " + e.symbol() + " 2 = " + e.operator().calc(1, 2));
            } catch (CalcException ex) {
                System.out.println("Calc: 1 " + e.symbol() + " 2 failed: " + ex.getMessage());
            }
        }
    }

    private static int ranking(ServiceReference<?> ref) {
        Object r = ref.getProperty(Constants.SERVICE_RANKING);
        return r instanceof Integer ? (Integer) r : 0;
    }
}
