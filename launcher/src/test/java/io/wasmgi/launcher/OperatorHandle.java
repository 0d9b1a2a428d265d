package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A fast handle on one CalcOperator service object, for tests that call it many times: the method is looked
 * up once, and an exception thrown by the operator comes out as it is.
 */
final class OperatorHandle {

    private final Object service;
    private final Method calc;

    OperatorHandle(BundleContext context, ServiceReference<?> ref) throws NoSuchMethodException {
        this.service = context.getService(ref);
        if (service == null) {
            throw new IllegalStateException("the service is gone: " + ref);
        }
        this.calc = service.getClass().getMethod("calc", long.class, long.class);
        calc.setAccessible(true);
    }

    long calc(long a, long b) {
        try {
            return (Long) calc.invoke(service, a, b);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code reason()} of a CalcException, read reflectively (its class is in the framework). */
    static String reason(RuntimeException e) {
        try {
            return String.valueOf(e.getClass().getMethod("reason").invoke(e));
        } catch (ReflectiveOperationException notACalcException) {
            return "not a CalcException: " + e;
        }
    }

    /**
     * Calls {@code calc(1, 0)} on the operator serving {@code symbol}, which must fail with {@code reason}
     * (a CalcException reason) and a message holding each of {@code messageParts}.
     */
    static RuntimeException assertCallFails(BundleContext context, String symbol, String reason, String... messageParts)
            throws Exception {
        OperatorHandle op = new OperatorHandle(context, Services.operator(context, symbol));
        RuntimeException e = assertThrows(RuntimeException.class, () -> op.calc(1, 0));
        assertEquals(reason, reason(e), e.getMessage());
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' lacks '" + part + "'");
        }
        return e;
    }
}
