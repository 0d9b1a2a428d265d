package io.wasmgi.calc.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One binary operation on unsigned 32-bit integers, registered as an OSGi service.
 *
 * <p>Operands and results are carried in a {@code long} so that the whole unsigned range
 * {@code 0..4294967295} reads naturally in Java; arithmetic wraps modulo 2<sup>32</sup>, as u32 arithmetic
 * does. Implementations must be safe to call from many threads at once.
 *
 * <p>Providers register the service with the properties {@link #NAME_PROPERTY} and {@link #SYMBOL_PROPERTY}
 * so that consumers can filter on them; when two services share a symbol, the one with the highest
 * {@code service.ranking} wins.
 */
@ProviderType
public interface CalcOperator {

    /** Service property: the operator's name, for example {@code "add"}. */
    String NAME_PROPERTY = "calc.operator.name";

    /** Service property: the operator's symbol, for example {@code "+"}. */
    String SYMBOL_PROPERTY = "calc.operator.symbol";

    /** The largest operand or result: 2<sup>32</sup> - 1. */
    long MAX_VALUE = 0xFFFF_FFFFL;

    /** The operator's name, for example {@code "add"}. */
    String name();

    /** The operator's symbol, for example {@code "+"}. */
    String symbol();

    /**
     * Applies the operation.
     *
     * @param a the left operand, in {@code 0..MAX_VALUE}
     * @param b the right operand, in {@code 0..MAX_VALUE}
     * @return the result, in {@code 0..MAX_VALUE}
     * @throws IllegalArgumentException if an operand is outside {@code 0..MAX_VALUE}
     * @throws CalcException if the operator fails to compute a result (it faulted, timed out or is gone)
     */
    long calc(long a, long b);

    /** Checks that {@code value} is an unsigned 32-bit integer, for implementations to call on their operands. */
    static long requireUnsigned32(long value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("operand " + value + " is outside 0.." + MAX_VALUE);
        }
        return value;
    }
}
