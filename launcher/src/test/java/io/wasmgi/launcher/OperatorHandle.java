package io.wasmgi.launcher;

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
}
