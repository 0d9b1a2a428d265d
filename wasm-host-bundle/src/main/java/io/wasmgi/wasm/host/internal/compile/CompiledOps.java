package io.wasmgi.wasm.host.internal.compile;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;

/**
 * What the host's compiled code calls in place of some of Chicory's helpers ({@link HelperCalls} rewrites the
 * calls). Public because the compiled classes are defined by Chicory's class loader, a child of this bundle's;
 * nothing else calls it.
 *
 * <p>The unsigned 32-bit compares are made on 64-bit values: the JIT inlines them into the compiled code as one
 * compare, and they never meet the C2 bug that made Chicory route {@code i32.ge_u} through a call the JIT cannot
 * inline (see {@link HelperCalls}): that bug folds pairs of 32-bit compares, and these are not.
 */
public final class CompiledOps {

    private static final long LOW_32 = 0xFFFF_FFFFL;
    /** Chicory's message for a division by zero, which the interpreter gives too. */
    private static final String DIVIDE_BY_ZERO = "integer divide by zero";

    private CompiledOps() {}

    public static int i32LtU(int a, int b) {
        return (a & LOW_32) < (b & LOW_32) ? 1 : 0;
    }

    public static int i32LeU(int a, int b) {
        return (a & LOW_32) <= (b & LOW_32) ? 1 : 0;
    }

    public static int i32GtU(int a, int b) {
        return (a & LOW_32) > (b & LOW_32) ? 1 : 0;
    }

    public static int i32GeU(int a, int b) {
        return (a & LOW_32) >= (b & LOW_32) ? 1 : 0;
    }

    /** The unsigned minimum ({@link MinMaxSelects}): flipping the sign bit maps unsigned order onto signed. */
    public static int i32MinU(int a, int b) {
        return Math.min(a ^ Integer.MIN_VALUE, b ^ Integer.MIN_VALUE) ^ Integer.MIN_VALUE;
    }

    /** The unsigned maximum ({@link MinMaxSelects}). */
    public static int i32MaxU(int a, int b) {
        return Math.max(a ^ Integer.MIN_VALUE, b ^ Integer.MIN_VALUE) ^ Integer.MIN_VALUE;
    }

    /** {@code i64.div_u}: one signed division where both are below 2^63, Java's unsigned one otherwise. */
    public static long i64DivU(long dividend, long divisor) {
        if (divisor == 0) {
            throw new WasmRuntimeException(DIVIDE_BY_ZERO);
        }
        return (dividend | divisor) >= 0 ? dividend / divisor : Long.divideUnsigned(dividend, divisor);
    }

    /** {@code i64.rem_u}, the same way. */
    public static long i64RemU(long dividend, long divisor) {
        if (divisor == 0) {
            throw new WasmRuntimeException(DIVIDE_BY_ZERO);
        }
        return (dividend | divisor) >= 0 ? dividend % divisor : Long.remainderUnsigned(dividend, divisor);
    }

    /** {@code memory.copy}: the memory checks the whole range itself (in 64-bit arithmetic too). */
    public static void memoryCopy(int destination, int source, int length, Memory memory) {
        memory.copy(destination, source, length);
    }
}
