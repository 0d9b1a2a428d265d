package io.wasmgi.example.consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.wasmgi.calc.api.CalcOperator;

/**
 * An example of using {@link CalcOperator} from your own bundle: {@code example:sum 1 2 3} adds numbers with
 * whichever {@code +} operator is installed (the best ranked one), following it as plugins come and go.
 */
@Component(
        service = SumCommand.class,
        property = {"osgi.command.scope=example", "osgi.command.function=sum"})
public class SumCommand {

    /** Dynamic and greedy: a newly installed, better-ranked '+' replaces the current one without a restart. */
    @Reference(
            target = "(" + CalcOperator.SYMBOL_PROPERTY + "=+)",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CalcOperator plus;

    /** Adds {@code values} (unsigned 32-bit, wrapping) with the installed '+' operator. */
    public long sum(long... values) {
        CalcOperator operator = plus;
        if (operator == null) {
            throw new IllegalStateException("no '+' operator is installed");
        }
        long total = 0;
        for (long value : values) {
            total = operator.calc(total, value);
        }
        return total;
    }
}
