package io.wasmgi.example.consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcOperator;

/**
 * Adds numbers with whichever {@code +} operator is installed: {@code example:sum 1 2 3} in the shell, or
 * {@link #sum} from Java. It follows the operators as plugins come and go, without a restart.
 */
@Component(
        service = SumCommand.class,
        property = {"osgi.command.scope=example", "osgi.command.function=sum"})
public class SumCommand {

    /**
     * The best-ranked {@code +} operator, or null while none is installed. Only operators whose
     * {@code calc.operator.symbol} property is {@code +} are bound (the target filter). Optional: the component
     * stays active without one. Dynamic: an operator that goes away is unbound without stopping the component.
     * Greedy: an operator that arrives with a higher {@code service.ranking} replaces the bound one at once.
     */
    @Reference(
            target = "(" + CalcOperator.SYMBOL_PROPERTY + "=+)",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CalcOperator plus;

    /** Adds {@code values}, unsigned 32-bit integers, wrapping modulo 2^32 as the plugin's arithmetic does. */
    public long sum(long... values) {
        long total = 0;
        for (long value : values) {
            total = add(total, value);
        }
        return total;
    }

    private long add(long a, long b) {
        CalcOperator operator = plus; // read the field once: it may change between two lines
        if (operator == null) {
            throw new IllegalStateException("no '+' operator is installed");
        }
        try {
            return operator.calc(a, b);
        } catch (CalcException e) {
            switch (e.reason()) {
                case GONE:
                    // its plugin was stopped or updated during the call: the next best '+', if any, is bound now
                    CalcOperator next = plus;
                    if (next != null && next != operator) {
                        return next.calc(a, b);
                    }
                    throw new IllegalStateException("the '+' operator went away: " + e.getMessage(), e);
                case INTERRUPTED:
                    // the exception stands for the interrupt, which it cleared: restore it for our caller
                    Thread.currentThread().interrupt();
                    throw e;
                case FAULT:
                case TIMEOUT:
                default:
                    // the plugin trapped or ran past its deadline; its message names it and says why
                    throw e;
            }
        }
    }
}
